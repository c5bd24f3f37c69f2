/**
 * Realistic delivery status notifications (RFC 3464) and feedback-loop reports (RFC 5965), shaped after the RFCs'
 * own examples and what Postfix, Gmail and Yahoo send, for the parser's and the mailbox reader's tests.
 */
const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

/** Postfix's DSN for an unknown user: failed, 5.1.1, with the original message's headers. */
export const dsnHardBounce = (originalMessageId: string, recipient = 'ana@example.fr') =>
  crlf(`Return-Path: <>
Received: by mail.example.com (Postfix) id 6A1B2C3D4E; Tue,  1 Dec 2026 09:00:05 +0000 (UTC)
Date: Tue,  1 Dec 2026 09:00:05 +0000 (UTC)
From: MAILER-DAEMON@mail.example.com (Mail Delivery System)
Subject: Undelivered Mail Returned to Sender
To: bounces@leadpulse.example.com
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status;
	boundary="6A1B2C3D4E.1764579605/mail.example.com"
Content-Transfer-Encoding: 8bit
Message-Id: <20261201090005.6A1B2C3D4E@mail.example.com>

This is a MIME-encapsulated message.

--6A1B2C3D4E.1764579605/mail.example.com
Content-Description: Notification
Content-Type: text/plain; charset=us-ascii

This is the mail system at host mail.example.com.

I'm sorry to have to inform you that your message could not
be delivered to one or more recipients.

<${recipient}>: host mx.example.fr[192.0.2.10] said: 550 5.1.1
    <${recipient}>: Recipient address rejected: User unknown in virtual mailbox
    table (in reply to RCPT TO command)

--6A1B2C3D4E.1764579605/mail.example.com
Content-Description: Delivery report
Content-Type: message/delivery-status

Reporting-MTA: dns; mail.example.com
X-Postfix-Queue-ID: 6A1B2C3D4E
X-Postfix-Sender: rfc822; news@leadpulse.example.com
Arrival-Date: Tue,  1 Dec 2026 09:00:03 +0000 (UTC)

Final-Recipient: rfc822; ${recipient}
Original-Recipient: rfc822;${recipient}
Action: failed
Status: 5.1.1
Remote-MTA: dns; mx.example.fr
Diagnostic-Code: smtp; 550 5.1.1 <${recipient}>: Recipient address rejected:
    User unknown in virtual mailbox table

--6A1B2C3D4E.1764579605/mail.example.com
Content-Description: Undelivered Message Headers
Content-Type: text/rfc822-headers
Content-Transfer-Encoding: 8bit

Return-Path: <news@leadpulse.example.com>
From: LeadPulse <news@leadpulse.example.com>
To: ${recipient}
Subject: Hello Ana
Message-ID: ${originalMessageId}
Date: Tue, 01 Dec 2026 09:00:02 +0000

--6A1B2C3D4E.1764579605/mail.example.com--
`);

/** A "delayed" DSN (RFC 3464 section 2.3.3), 4.4.7: a soft bounce. Matched by recipient only: no original headers. */
export const dsnDelayed = (recipient: string) =>
  crlf(`From: Mail Delivery Subsystem <MAILER-DAEMON@relay.example.net>
To: bounces@leadpulse.example.com
Subject: Delivery Status Notification (Delay)
Date: Tue, 1 Dec 2026 13:00:00 +0000
Message-ID: <delay-1@relay.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="delay-boundary"

--delay-boundary
Content-Type: text/plain; charset=us-ascii

Delivery to ${recipient} has been delayed. We will keep trying for 4 more days.

--delay-boundary
Content-Type: message/delivery-status

Reporting-MTA: dns; relay.example.net

Final-Recipient: rfc822; ${recipient}
Action: delayed
Status: 4.4.7
Diagnostic-Code: smtp; 421 4.4.7 Connection timed out
Will-Retry-Until: Sat, 5 Dec 2026 09:00:00 +0000

--delay-boundary--
`);

/** RFC 5965's example abuse report (section B.2), with the original message attached whole. */
export const arfComplaint = (originalMessageId: string, recipient = 'ana@example.fr') =>
  crlf(`From: <abusedesk@example.com>
Date: Thu, 8 Mar 2026 14:00:00 EDT
Subject: FW: Earn money
To: <abuse@leadpulse.example.com>
MIME-Version: 1.0
Message-ID: <arf-1@example.com>
Content-Type: multipart/report; report-type=feedback-report;
     boundary="part1_13d.2e68ed54_boundary"

--part1_13d.2e68ed54_boundary
Content-Type: text/plain; charset="US-ASCII"
Content-Transfer-Encoding: 7bit

This is an email abuse report for an email message received from IP
192.0.2.1 on Thu, 8 Mar 2026 14:00:00 EDT.  For more information
about this format please see http://www.mipassoc.org/arf/.

--part1_13d.2e68ed54_boundary
Content-Type: message/feedback-report

Feedback-Type: abuse
User-Agent: SomeGenerator/1.0
Version: 1
Original-Mail-From: <news@leadpulse.example.com>
Original-Rcpt-To: <${recipient}>
Arrival-Date: Thu, 8 Mar 2026 14:00:00 EDT
Reporting-MTA: dns; mail.example.com
Source-IP: 192.0.2.1
Authentication-Results: mail.example.com;
               spf=fail smtp.mail=news@leadpulse.example.com
Reported-Domain: leadpulse.example.com

--part1_13d.2e68ed54_boundary
Content-Type: message/rfc822
Content-Disposition: inline

From: <news@leadpulse.example.com>
Received: from mailserver.example.net (mailserver.example.net
        [192.0.2.1]) by example.com with ESMTP id M63d4137594e46;
        Thu, 08 Mar 2026 14:00:00 -0400
To: <${recipient}>
Subject: Earn money
MIME-Version: 1.0
Content-type: text/plain
Message-ID: ${originalMessageId}
Date: Thu, 02 Sep 2026 12:31:03 -0500

Spam Spam Spam
Spam Spam Spam
Spam Spam Spam
Spam Spam Spam
--part1_13d.2e68ed54_boundary--
`);

/** A multipart/report that says it is a DSN but has no delivery-status part: a broken report, stored as unparsed. */
export const malformedDsn = crlf(`From: MAILER-DAEMON@broken.example.net
To: bounces@leadpulse.example.com
Subject: Returned mail
Message-ID: <broken-1@broken.example.net>
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b1"

--b1
Content-Type: text/plain

Something went wrong with your message, but we will not say what.
--b1--
`);
