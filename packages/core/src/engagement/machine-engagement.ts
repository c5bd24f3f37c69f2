import { STANDARD_EVENTS, type LeadEvent } from '../events/lead-event.js';

/**
 * An `Email Opened` or `Email Link Clicked` that LeadPulse flagged as a machine's (a proxy's prefetch, a scanner's
 * click): kept in the log as evidence, never counted as engagement.
 */
export function isMachineEngagement(event: Pick<LeadEvent, 'name' | 'properties'>): boolean {
  return (event.name === STANDARD_EVENTS.emailOpened || event.name === STANDARD_EVENTS.emailLinkClicked) && event.properties['machine'] === true;
}
