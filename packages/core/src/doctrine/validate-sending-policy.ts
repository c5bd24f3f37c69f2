import { parseDuration } from '../shared/duration.js';
import { issue, type Issue } from '../shared/issue.js';
import { isTimeZone, parseLocalTime } from '../scenarios/local-time.js';
import { WEEKDAYS } from '../scenarios/scenario.js';
import { sendWindowEverOpens } from '../scenarios/send-window.js';
import { CAPPED_CHANNELS } from './sending-policy.js';

type Path = (string | number)[];
type Plain = Record<string, unknown>;
const isPlain = (v: unknown): v is Plain => typeof v === 'object' && v !== null && !Array.isArray(v);
const CAP_EXAMPLE = '{ "messages": 4, "within": "30d" }';

/** Problems of a `caps` object (per channel), each with its path: `['sending', 'caps', 'email', 'within']`. */
export function channelCapsIssues(value: unknown, path: Path): Issue[] {
  const issues: Issue[] = [];
  const add = (code: string, at: Path, message: string) => void issues.push(issue(code, at, message));
  if (!isPlain(value)) return [issue('invalid_type', path, `expected caps per channel, e.g. { "email": ${CAP_EXAMPLE}, "sms": { "messages": 1, "within": "7d" } }`)];
  for (const [channel, cap] of Object.entries(value)) {
    const at = [...path, channel];
    if (!(CAPPED_CHANNELS as readonly string[]).includes(channel)) {
      add('unknown_key', at, `unknown channel "${channel}"; expected ${CAPPED_CHANNELS.join(', ')} (alerts and webhooks go to the team and are never capped)`);
      continue;
    }
    if (!isPlain(cap)) {
      add('invalid_type', at, `expected ${CAP_EXAMPLE}`);
      continue;
    }
    for (const key of Object.keys(cap)) if (key !== 'messages' && key !== 'within') add('unknown_key', [...at, key], `unknown field "${key}"; expected messages, within`);
    const messages = cap['messages'];
    if (typeof messages !== 'number' || !Number.isInteger(messages) || messages < 0) add(messages === undefined ? 'missing_field' : 'invalid_value', [...at, 'messages'], 'expected a whole number of messages, 0 or more');
    const within = cap['within'];
    if (typeof within !== 'string') add(within === undefined ? 'missing_field' : 'invalid_type', [...at, 'within'], 'expected a duration such as "30d", "7d" or "24h"');
    else {
      const parsed = parseDuration(within);
      if (!parsed.ok) add('invalid_value', [...at, 'within'], parsed.error);
      else if (parsed.value <= 0) add('invalid_value', [...at, 'within'], 'expected a duration greater than zero');
    }
  }
  return issues;
}

/**
 * Problems of a doctrine's `sending` policy, each with its path and what was expected.
 * Example: `{ quietHours: { from: '9pm' } }` → `sending.quietHours.from: expected a 24-hour time such as "21:00"` and
 * `sending.quietHours.to` missing.
 */
export function sendingPolicyIssues(value: unknown, path: Path = ['sending']): Issue[] {
  const issues: Issue[] = [];
  const add = (code: string, at: Path, message: string) => void issues.push(issue(code, at, message));
  if (!isPlain(value)) return [issue('invalid_type', path, 'expected { "caps": …, "quietHours": …, "sendWindow": …, "defaultTimeZone": … }')];
  const fields = (object: Plain, allowed: readonly string[], at: Path) => {
    for (const key of Object.keys(object)) if (!allowed.includes(key)) add('unknown_key', [...at, key], `unknown field "${key}"; expected ${allowed.join(', ')}`);
  };
  const time = (object: Plain, key: string, at: Path, required: boolean) => {
    const raw = object[key];
    if (raw === undefined && !required) return;
    if (typeof raw !== 'string' || !parseLocalTime(raw)) add(raw === undefined ? 'missing_field' : 'invalid_value', [...at, key], 'expected a 24-hour local time such as "08:00" or "21:30"');
  };
  const distinct = (object: Plain, at: Path, what: string) => {
    if (typeof object['from'] === 'string' && object['from'] === object['to']) add('invalid_value', [...at, 'to'], `${what} from and to are the same time; give a range such as 21:00 to 08:00`);
  };
  fields(value, ['caps', 'quietHours', 'sendWindow', 'defaultTimeZone'], path);
  if (value['caps'] !== undefined) issues.push(...channelCapsIssues(value['caps'], [...path, 'caps']));

  const quiet = value['quietHours'];
  if (quiet !== undefined) {
    const at = [...path, 'quietHours'];
    if (!isPlain(quiet)) add('invalid_type', at, 'expected { "from": "21:00", "to": "08:00" }');
    else {
      fields(quiet, ['from', 'to'], at);
      time(quiet, 'from', at, true);
      time(quiet, 'to', at, true);
      distinct(quiet, at, 'quiet hours');
    }
  }
  const window = value['sendWindow'];
  if (window !== undefined) {
    const at = [...path, 'sendWindow'];
    if (!isPlain(window)) add('invalid_type', at, 'expected { "days": ["mon", "tue", "wed", "thu", "fri"] or "all", "from": "09:00", "to": "19:00" }');
    else {
      fields(window, ['days', 'from', 'to'], at);
      time(window, 'from', at, false);
      time(window, 'to', at, false);
      distinct(window, at, 'the send window');
      const days = window['days'];
      if (days !== undefined && days !== 'all') {
        if (!Array.isArray(days) || days.length === 0) add('invalid_type', [...at, 'days'], `expected "all" or a non-empty list of weekdays: ${WEEKDAYS.join(', ')}`);
        else days.forEach((day, i) => {
          if (!(WEEKDAYS as readonly unknown[]).includes(day)) add('invalid_value', [...at, 'days', i], `unknown weekday ${JSON.stringify(day)}; expected one of ${WEEKDAYS.join(', ')}`);
        });
      }
    }
  }
  const zone = value['defaultTimeZone'];
  if (zone !== undefined && (typeof zone !== 'string' || !isTimeZone(zone))) add('invalid_value', [...path, 'defaultTimeZone'], 'expected an IANA time zone such as "Europe/Paris" or "America/New_York"');

  // Only a policy whose own parts are right can be tried: one that never opens would hold every message for ever.
  if (issues.length === 0 && (quiet !== undefined || window !== undefined) && !sendWindowEverOpens(value as never)) {
    add('invalid_value', path, 'the quiet hours cover the whole send window: no message could ever leave');
  }
  return issues;
}
