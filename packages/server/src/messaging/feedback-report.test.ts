import { describe, expect, it } from 'vitest';
import { arfComplaint, dsnDelayed, dsnHardBounce, malformedDsn } from './feedback-fixtures.js';
import { parseFeedbackReport } from './feedback-report.js';

describe('parseFeedbackReport', () => {
  it('reads a Postfix DSN for an unknown user as a hard bounce, with the original Message-ID', async () => {
    expect(await parseFeedbackReport(dsnHardBounce('<send-1@leadpulse.test>'))).toEqual({
      ok: true,
      reports: [
        {
          kind: 'bounce',
          bounceType: 'hard',
          action: 'failed',
          status: '5.1.1',
          diagnostic: '550 5.1.1 <ana@example.fr>: Recipient address rejected: User unknown in virtual mailbox table',
          recipient: 'ana@example.fr',
          originalMessageId: '<send-1@leadpulse.test>',
        },
      ],
    });
  });

  it('reads a delayed DSN as a soft bounce, without an original message', async () => {
    expect(await parseFeedbackReport(dsnDelayed('Bo@Example.com'))).toEqual({
      ok: true,
      reports: [{ kind: 'bounce', bounceType: 'soft', action: 'delayed', status: '4.4.7', diagnostic: '421 4.4.7 Connection timed out', recipient: 'bo@example.com', originalMessageId: null }],
    });
  });

  it('reads the RFC 5965 abuse report as a complaint, with the attached message\'s Message-ID', async () => {
    expect(await parseFeedbackReport(arfComplaint('<send-2@leadpulse.test>'))).toEqual({
      ok: true,
      reports: [{ kind: 'complaint', feedbackType: 'abuse', recipient: 'ana@example.fr', originalMessageId: '<send-2@leadpulse.test>' }],
    });
  });

  it('says why a report cannot be read', async () => {
    expect(await parseFeedbackReport(malformedDsn)).toEqual({ ok: false, reason: expect.stringMatching(/neither a message\/delivery-status part/) });
    expect(await parseFeedbackReport('Subject: hello\r\n\r\nJust a message.\r\n')).toEqual({ ok: false, reason: expect.stringMatching(/expected a multipart\/report.*got text\/plain/) });
    expect(await parseFeedbackReport('')).toEqual({ ok: false, reason: 'the report is empty' });
    const noAction = dsnHardBounce('<x@y>').replace('Action: failed\r\n', '');
    expect(await parseFeedbackReport(noAction)).toEqual({ ok: false, reason: expect.stringMatching(/no Action field/) });
  });

  it('ignores recipients the DSN says were delivered', async () => {
    const delivered = dsnHardBounce('<send-3@leadpulse.test>').replace('Action: failed', 'Action: delivered').replace('Status: 5.1.1', 'Status: 2.0.0');
    expect(await parseFeedbackReport(delivered)).toEqual({ ok: true, reports: [] });
  });
});
