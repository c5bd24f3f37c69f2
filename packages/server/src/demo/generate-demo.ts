import { DAY, HOUR, SECOND } from '@leadpulse/core';
import { BLOG, BOT_AGENT, CHANNELS, CITIES, COMPANIES, FIRST_NAMES, LAST_NAMES, PAGES, PLANS, SALES_TEAM, SITE, USER_AGENTS, type Channel } from './demo-company.js';
import { createRandom, type Random } from './random.js';

type RawEvent = Record<string, unknown>;
type Persona = 'bounce' | 'browse' | 'download' | 'evaluate' | 'buy';

/** One visitor's story, written as Segment calls in time order. Events after `now` are dropped. */
class Visitor {
  readonly events: RawEvent[] = [];
  private n = 0;
  private userId: string | null = null;
  private sessionStart = true;
  constructor(
    private readonly id: number,
    private readonly rnd: Random,
    private readonly channel: Channel,
    private readonly userAgent: string,
    private readonly now: number,
    public t: number,
  ) {}

  private push(event: RawEvent) {
    if (this.t > this.now) return;
    this.events.push({ ...event, messageId: `demo-${this.id}-${this.n++}`, timestamp: new Date(this.t).toISOString() });
  }
  private ids() {
    return { anonymousId: `anon-${this.id.toString(36).padStart(5, '0')}`, ...(this.userId ? { userId: this.userId } : {}) };
  }
  private browserContext(path: string, title: string) {
    const first = this.sessionStart;
    this.sessionStart = false;
    const campaign = first && this.channel.source ? { source: this.channel.source, medium: this.channel.medium, ...(this.channel.campaigns.length ? { name: this.rnd.pick(this.channel.campaigns) } : {}) } : undefined;
    return {
      page: { path, url: `${SITE}${path}`, title, ...(first && this.channel.referrer ? { referrer: this.channel.referrer } : {}) },
      ...(campaign ? { campaign } : {}),
      userAgent: this.userAgent,
      locale: 'fr-FR',
      ip: `203.0.113.${this.id % 250}`,
    };
  }

  newSession(afterMs: number) {
    this.t += afterMs;
    this.sessionStart = true;
  }
  page(page: { path: string; title: string }, dwellMs = this.rnd.int(25, 150) * SECOND) {
    this.push({ type: 'page', ...this.ids(), name: page.title, properties: { path: page.path, url: `${SITE}${page.path}`, title: page.title }, context: this.browserContext(page.path, page.title) });
    this.t += dwellMs;
  }
  browse(pages: number) {
    const pool = [PAGES.home, PAGES.features, ...BLOG.map((path) => ({ path, title: 'Blog' }))];
    for (let i = 0; i < pages; i++) this.page(i === 0 && this.rnd.chance(0.5) ? PAGES.home : this.rnd.pick(pool));
  }
  track(event: string, properties: RawEvent = {}, options: { onSite?: string } = {}) {
    const context = options.onSite ? this.browserContext(options.onSite, event) : { source: 'crm' };
    this.push({ type: 'track', ...this.ids(), event, properties, context });
    this.t += this.rnd.int(5, 40) * SECOND;
  }
  /** On the site (the tracker's identify), or server-side from the CRM; `campaign` attributes an offline contact. */
  identify(traits: RawEvent, options: { onSite?: string; campaign?: RawEvent } = {}) {
    this.userId = `crm-${this.id}`;
    const context = options.onSite ? this.browserContext(options.onSite, 'identify') : options.campaign ? { source: 'crm', campaign: options.campaign } : undefined;
    this.push({ type: 'identify', ...this.ids(), traits, ...(context ? { context } : {}) });
  }
}

function personaFor(rnd: Random, channel: Channel): Persona {
  const k = channel.intent;
  return rnd.weighted<Persona>([
    ['bounce', 52 / k],
    ['browse', 26],
    ['download', 10.5 * k],
    ['evaluate', 6 * k],
    ['buy', 3 * k],
  ]);
}

function personTraits(rnd: Random, id: number) {
  const firstName = rnd.pick(FIRST_NAMES);
  const lastName = rnd.pick(LAST_NAMES);
  const company = rnd.pick(COMPANIES);
  const ascii = (s: string) => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase();
  return {
    email: `${ascii(firstName)}.${ascii(lastName)}${id % 7 === 0 ? id : ''}@${company}.example.fr`,
    firstName,
    lastName,
    company: company.replace(/-/g, ' '),
    city: rnd.pick(CITIES),
    employees: rnd.pick(['1-9', '10-49', '50-249']),
    // From the id, not the random stream, so the rest of the demo stays the same as before owners existed.
    locale: 'fr-FR',
    owner: SALES_TEAM[id % SALES_TEAM.length]!.email,
    ownerName: SALES_TEAM[id % SALES_TEAM.length]!.name,
    // A birth date for the demo's age segments, from the id too: ages spread over 22 to 66, the random stream untouched.
    birthDate: birthDateOf(id),
  };
}

function birthDateOf(id: number): string {
  const year = 1960 + ((id * 7919) % 45);
  const month = 1 + ((id * 31) % 12);
  const day = 1 + ((id * 17) % 28);
  return `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

function webStory(v: Visitor, rnd: Random, persona: Persona, id: number) {
  if (persona === 'bounce') return v.browse(rnd.int(1, 2));
  v.browse(rnd.int(2, 4));
  if (persona === 'browse') {
    for (let s = rnd.int(0, 2); s > 0; s--) {
      v.newSession(rnd.int(1, 12) * DAY);
      v.browse(rnd.int(1, 3));
    }
    if (rnd.chance(0.25)) v.page(PAGES.pricing);
    return;
  }
  const traits = personTraits(rnd, id);
  // A few contacts come from the old CRM with a purchase over a year ago: lapsed clients, classified as prospects.
  if (rnd.chance(0.04)) Object.assign(traits, { lastPurchaseAt: new Date(v.t - rnd.int(380, 700) * DAY).toISOString() });
  if (persona === 'download' || rnd.chance(0.4)) {
    v.newSession(rnd.int(0, 6) * DAY + rnd.int(1, 20) * HOUR);
    v.page(PAGES.whitePaper);
    v.identify(traits, { onSite: PAGES.whitePaper.path });
    v.track('Form Submitted', { formId: 'livre-blanc' }, { onSite: PAGES.whitePaper.path });
    v.track('Document Downloaded', { title: 'Livre blanc : 10 leviers pour convertir vos prospects', fileName: 'livre-blanc-conversion.pdf' }, { onSite: PAGES.whitePaper.path });
    if (rnd.chance(0.3)) {
      v.newSession(rnd.int(1, 10) * DAY);
      v.page(PAGES.trial);
      v.track('Signed Up', { plan: 'essai' }, { onSite: PAGES.trial.path });
      v.track('Trial Started', { plan: 'pro', trialDays: 14 }, { onSite: PAGES.trial.path });
    }
    emailEngagement(v, rnd);
  }
  if (persona === 'download') return;
  if (!('email' in traits) || rnd.chance(0.5)) v.identify(traits);
  v.newSession(rnd.int(1, 9) * DAY);
  for (let views = persona === 'buy' ? 1 : 3; views > 0; views--) {
    v.page(PAGES.pricing);
    if (views > 1 && rnd.chance(0.5)) v.newSession(rnd.int(1, 4) * DAY);
  }
  const plan = rnd.pick(PLANS);
  if (persona === 'evaluate') {
    const signal = rnd.weighted([['chat', 3], ['demo', 3], ['cart', 3], ['call', 2], ['pricing', 2]] as const);
    if (signal === 'chat') v.track('Chat Started', { topic: 'tarifs' }, { onSite: PAGES.pricing.path });
    if (signal === 'demo') {
      v.page(PAGES.contact);
      v.track('Form Submitted', { formId: 'contact' }, { onSite: PAGES.contact.path });
      v.track('Demo Requested', { slot: 'semaine prochaine' }, { onSite: PAGES.contact.path });
    }
    if (signal === 'cart') {
      v.page(PAGES.cart);
      v.track('Product Added', { product_id: plan.sku, name: plan.name, price: plan.price, currency: 'EUR' }, { onSite: PAGES.cart.path });
      if (rnd.chance(0.5)) v.track('Checkout Started', { value: plan.price, currency: 'EUR' }, { onSite: PAGES.cart.path });
    }
    if (signal === 'call') v.track('Call Logged', { direction: 'inbound', durationSeconds: rnd.int(120, 900) });
    return;
  }
  v.page(PAGES.cart);
  v.track('Product Added', { product_id: plan.sku, name: plan.name, price: plan.price, currency: 'EUR' }, { onSite: PAGES.cart.path });
  v.track('Checkout Started', { value: plan.price, currency: 'EUR' }, { onSite: PAGES.cart.path });
  v.track('Order Completed', { order_id: `CMD-${id}`, revenue: plan.price, currency: 'EUR', products: [{ product_id: plan.sku, price: plan.price }] }, { onSite: PAGES.cart.path });
  emailEngagement(v, rnd);
}

function offlineStory(v: Visitor, rnd: Random, id: number, channel: Channel) {
  const traits = { ...personTraits(rnd, id), leadSource: channel.key === 'trade-show' ? 'Salon Tech Lyon' : 'Prospection terrain' };
  v.identify(traits, { campaign: { source: channel.source, medium: channel.medium, name: channel.campaigns[0] } });
  v.t += rnd.int(1, 5) * DAY;
  v.track(rnd.chance(0.5) ? 'Meeting Booked' : 'Call Logged', { owner: rnd.pick(['Sophie Lambert', 'Karim Benali', 'Julien Roux']), campaign: channel.campaigns[0] });
  if (rnd.chance(0.55)) {
    v.newSession(rnd.int(1, 10) * DAY);
    v.browse(rnd.int(1, 3));
    v.page(PAGES.pricing);
  }
  if (rnd.chance(0.3)) {
    v.t += rnd.int(3, 20) * DAY;
    const plan = rnd.pick(PLANS);
    v.track('Order Completed', { order_id: `CMD-${id}`, revenue: plan.price, currency: 'EUR', channel: 'sales' });
  }
}

function emailEngagement(v: Visitor, rnd: Random) {
  const save = v.t;
  for (let i = rnd.int(0, 3); i > 0; i--) {
    v.t += rnd.int(5, 25) * DAY;
    v.track('Email Opened', { campaign: rnd.pick(['newsletter-octobre', 'relance-livre-blanc', 'newsletter-novembre']) });
    if (rnd.chance(0.35)) v.track('Email Link Clicked', { url: `${SITE}/blog/automatisation-marketing` });
  }
  v.t = save + rnd.int(1, 3) * HOUR;
}

/** Deterministic demo events for ~`visitors` people over the 90 days before `now`, one visitor at a time, in time order. */
export function* generateDemoEvents(options: { now: Date; visitors?: number; seed?: number }): Generator<RawEvent> {
  const now = options.now.getTime();
  const rnd = createRandom(options.seed ?? 2026);
  const visitors = options.visitors ?? 20_000;
  for (let id = 0; id < visitors; id++) {
    const channel = rnd.weighted(CHANNELS.map((c) => [c, c.weight] as const));
    const bot = !channel.offline && rnd.chance(0.01);
    // Arrivals grow a little over the quarter, as a campaign-driven site does.
    const firstSeen = now - 90 * DAY * (1 - Math.sqrt(rnd.next())) ** 1.2 - rnd.int(1, 12) * HOUR;
    const visitor = new Visitor(id, rnd, channel, bot ? BOT_AGENT : rnd.pick(USER_AGENTS), now, firstSeen);
    if (bot) visitor.browse(rnd.int(3, 8));
    else if (channel.offline) offlineStory(visitor, rnd, id, channel);
    else webStory(visitor, rnd, personaFor(rnd, channel), id);
    // Email engagement is written as a side story that runs ahead of the visits; a stable sort restores time order.
    yield* visitor.events.sort((a, b) => (a['timestamp'] as string).localeCompare(b['timestamp'] as string));
  }
}
