export type TrackerConsent = 'pending' | 'granted' | 'denied';

export interface TrackerSnippetOptions {
  /** LeadPulse's public base URL, e.g. https://leadpulse.example.com */
  readonly host: string;
  readonly writeKey: string;
  /** `pending` waits for `leadpulse.consent('granted')` from the site's consent banner. */
  readonly consent?: TrackerConsent;
  /** Count page views without cookies while consent is pending or denied. */
  readonly cookieless?: boolean;
  /** Treat Do Not Track and Global Privacy Control as a refusal. */
  readonly respectDnt?: boolean;
}

/** The methods a page may call before lp.js has loaded; the stub queues them. */
export const TRACKER_METHODS = ['track', 'identify', 'page', 'consent', 'productAdded', 'checkoutStarted', 'orderCompleted', 'reset'] as const;

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

/** The two tags a site pastes before `</head>`: a queueing stub, then the script itself, loaded async. */
export function renderTrackerSnippet(options: TrackerSnippetOptions): string {
  const host = options.host.replace(/\/+$/, '');
  const attributes = [`data-key="${escapeAttribute(options.writeKey)}"`, `data-consent="${options.consent ?? 'granted'}"`];
  if (options.cookieless) attributes.push('data-cookieless');
  if (options.respectDnt) attributes.push('data-respect-dnt');
  const stub = `!function(w,m){var l=w.leadpulse=w.leadpulse||{q:[]};m.split(" ").forEach(function(k){l[k]=l[k]||function(){l.q.push([k,arguments])}})}(window,"${TRACKER_METHODS.join(' ')}");`;
  return `<script>${stub}</script>\n<script async src="${escapeAttribute(host)}/lp.js" ${attributes.join(' ')}></script>`;
}
