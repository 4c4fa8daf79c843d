import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { createTransport, type Transporter } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processInbound, storeInbound } from '../src/domain/mail/inbound.ts';
import { deskJobKinds } from '../src/jobs/kinds.ts';
import { Worker } from '../src/jobs/worker.ts';
import { createMailer } from '../src/lib/mail.ts';
import { isSupportAddress, type SmtpListener, startSmtpListener } from '../src/lib/smtp-listener.ts';
import { type RunningDesk, startDesk } from './harness.ts';
import { call, type Json } from './ticket-fixtures.ts';

/*
 * Inbound mail (issue 14, point 1) through real transports on both sides: customers' mail is
 * sent with nodemailer to the desk's SMTP listener (smtp-server), the desk's answers go to a
 * real SMTP server standing in for the customers' mailboxes and are read with mailparser.
 */

const HELPDESK = 'support@helpdesk.test';
const EUDAT = 'eudat-support@helpdesk.example.org';
const mailbox: ParsedMail[] = [];
let sink: SMTPServer;
let desk: RunningDesk;
let worker: Worker;
let listener: SmtpListener;
let customerMail: Transporter;
const processed: Promise<unknown>[] = [];

beforeAll(async () => {
  sink = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((m) => {
          mailbox.push(m);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((ok) => sink.listen(0, '127.0.0.1', ok));
  const mailer = createMailer({
    smtpUrl: `smtp://127.0.0.1:${(sink.server.address() as AddressInfo).port}`,
    from: `EOSC Helpdesk <${HELPDESK}>`,
  });
  desk = await startDesk({ mailer });
  worker = new Worker(desk.db, deskJobKinds({ mailer, systemId: 31 }));
  const opts = { systemId: 31, ownAddress: HELPDESK };
  listener = await startSmtpListener({
    port: 0,
    maxBytes: 2 * 1024 * 1024,
    accepts: (a) => isSupportAddress(desk.db, a),
    store: (raw, env) => storeInbound(desk.db, raw, env),
    process: (id) => {
      const p = processInbound(desk.db, id, opts);
      processed.push(p);
      return p;
    },
    log: () => undefined,
  });
  customerMail = createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
});

afterAll(async () => {
  await listener?.close();
  await desk?.close();
  await new Promise<void>((ok) => (sink ? sink.close(() => ok()) : ok()));
});

/** Sends a mail to the desk and waits until the desk has processed it; returns its store row. */
async function send(mail: Parameters<Transporter['sendMail']>[0]): Promise<Json> {
  const before = processed.length;
  await customerMail.sendMail(mail);
  for (let i = 0; i < 200 && processed.length === before; i++) await new Promise((r) => setTimeout(r, 10));
  await Promise.all(processed);
  const rows = await desk.db.query<Json>('SELECT * FROM inbound_mails ORDER BY id DESC LIMIT 1');
  return rows[0];
}

async function articles(ticketId: number): Promise<Json[]> {
  const res = await call(desk, 'admin', 'GET', `/ticket_articles/by_ticket/${ticketId}`);
  expect(res.status).toBe(200);
  return res.body;
}

const PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==',
  'base64',
);

describe('inbound mail', () => {
  let ticket: Json;
  let customerMessageId: string;
  const customer = `new-researcher-${Date.now()}@uni.example.edu`;

  it("turns a new sender's mail into a ticket in the unit of the address it was sent to", async () => {
    customerMessageId = `<first-${Date.now()}@uni.example.edu>`;
    const row = await send({
      from: `Rosa Researcher <${customer}>`,
      to: EUDAT,
      cc: 'colleague@uni.example.edu',
      subject: 'B2SHARE upload stalls at 99 %',
      messageId: customerMessageId,
      text: 'My upload stalls.',
      html: '<p>My upload <b>stalls</b>.</p><img src="cid:shot@uni"><script>alert(1)</script>',
      attachments: [
        { filename: 'log.txt', content: 'ERROR 504 at 99 %' },
        { filename: 'shot.png', content: PNG, cid: 'shot@uni' },
      ],
    });
    expect(row).toMatchObject({ status: 'processed', from_address: customer });
    ticket = (await call(desk, 'admin', 'GET', `/tickets/${row.ticket_id}?expand=true`)).body;
    expect(ticket).toMatchObject({ title: 'B2SHARE upload stalls at 99 %', group: 'EUDAT Support' });
    // A new customer, named from the mail.
    const user = (await call(desk, 'admin', 'GET', `/users/${ticket.customer_id}`)).body;
    expect(user).toMatchObject({ email: customer, firstname: 'Rosa', lastname: 'Researcher' });
    const [first] = await articles(ticket.id);
    expect(first).toMatchObject({
      type: 'email',
      sender: 'Customer',
      from: `Rosa Researcher <${customer}>`,
      message_id: customerMessageId,
      content_type: 'text/html',
    });
    expect(first.to).toContain(EUDAT);
    expect(first.cc).toContain('colleague@uni.example.edu');
    expect(first.preferences).toMatchObject({ 'send-auto-response': true, 'is-auto-response': false });
    // Sanitised as every article; the inline image stored and pointed at.
    expect(first.body).toContain('<b>stalls</b>');
    expect(first.body).not.toContain('<script');
    const names = first.attachments.map((a: Json) => a.filename);
    expect(names).toContain('log.txt');
    const inline = first.attachments.find((a: Json) => a.preferences['Content-Disposition'] === 'inline');
    expect(inline).toBeTruthy();
    expect(first.body).toContain(`/ticket_attachment/${ticket.id}/${first.id}/${inline.id}`);
    const log = first.attachments.find((a: Json) => a.filename === 'log.txt');
    const file = await desk.api(`/ticket_attachment/${ticket.id}/${first.id}/${log.id}`, { as: 'admin' });
    expect(await file.text()).toBe('ERROR 504 at 99 %');
  });

  it("threads the agent's e-mail reply and the customer's answer to it on the same ticket", async () => {
    const reply = await call(desk, 'admin', 'POST', '/ticket_articles', {
      ticket_id: ticket.id,
      body: 'Please retry with the CLI.',
      type: 'email',
      internal: false,
    });
    expect(reply.status).toBe(201);
    await call(desk, 'admin', 'PUT', `/tickets/${ticket.id}`, {
      state: 'pending reminder',
      pending_time: '2030-01-01T00:00:00Z',
    });
    await worker.runDue();
    // The reply to the customer (agents' notification mails about the ticket carry the hook too).
    const out = mailbox.find(
      (m) =>
        m.subject?.includes(`[Ticket#${ticket.number}]`) &&
        (Array.isArray(m.to) ? m.to[0] : m.to)?.text.includes(customer),
    );
    expect(out).toBeTruthy();
    expect(out?.inReplyTo).toBe(customerMessageId);
    expect((Array.isArray(out?.to) ? out?.to[0] : out?.to)?.text).toContain(customer);

    // The customer answers from their mail client: Re: with the hook, In-Reply-To the agent's mail.
    const row = await send({
      from: customer,
      to: EUDAT,
      subject: `Re: ${out?.subject}`,
      inReplyTo: out?.messageId,
      references: [customerMessageId, out?.messageId as string],
      text: 'The CLI worked, thanks.',
    });
    expect(row).toMatchObject({ status: 'processed', ticket_id: ticket.id });
    const all = await articles(ticket.id);
    expect(all.at(-1)).toMatchObject({ body: 'The CLI worked, thanks.', sender: 'Customer', type: 'email' });
    // The waiting ticket is open again.
    expect((await call(desk, 'admin', 'GET', `/tickets/${ticket.id}?expand=true`)).body.state).toBe('open');

    // Threading without the hook: References alone find the ticket.
    const bare = await send({
      from: customer,
      to: EUDAT,
      subject: 'one more thing',
      references: [out?.messageId as string],
      text: 'Also the DOI.',
    });
    expect(bare).toMatchObject({ status: 'processed', ticket_id: ticket.id });
  });

  it('keeps auto-replies and list mail but never answers them, and ignores its own mail coming back', async () => {
    const auto = await send({
      from: customer,
      to: EUDAT,
      subject: `Out of office: [Ticket#${ticket.number}]`,
      headers: { 'Auto-Submitted': 'auto-replied' },
      text: 'I am away.',
    });
    expect(auto).toMatchObject({ status: 'processed', ticket_id: ticket.id });
    const art = (await articles(ticket.id)).at(-1);
    expect(art.preferences).toMatchObject({ 'is-auto-response': true, 'send-auto-response': false });
    expect(art.preferences.auto_response_reason).toContain('Auto-Submitted');

    const bulk = await send({
      from: 'news@lists.example.org',
      to: EUDAT,
      subject: 'Digest',
      headers: { Precedence: 'bulk' },
      text: 'news',
    });
    expect(bulk.status).toBe('processed');
    const bulkArticle = (await articles(bulk.ticket_id))[0];
    expect(bulkArticle.preferences['is-auto-response']).toBe(true);

    const own = await send({ from: HELPDESK, to: EUDAT, subject: 'loop', text: 'me again' });
    expect(own).toMatchObject({ status: 'ignored', ticket_id: null });
    expect(own.reason).toContain('own address');
    const looped = await send({
      from: 'other-helpdesk@example.com',
      to: EUDAT,
      subject: 'x',
      headers: { 'X-Loop': HELPDESK },
      text: 'x',
    });
    expect(looped).toMatchObject({ status: 'ignored' });
    expect(looped.reason).toContain('X-Loop');
  });

  it('records a bounce on the article that bounced, as a note for the agent', async () => {
    const reply = await call(desk, 'admin', 'POST', '/ticket_articles', {
      ticket_id: ticket.id,
      body: 'To a dead address',
      type: 'email',
      to: 'gone@uni.example.edu',
      internal: false,
    });
    await worker.runDue();
    const sent = (await call(desk, 'admin', 'GET', `/ticket_articles/${reply.body.id}`)).body;
    expect(sent.message_id).toMatch(/^<.+>$/);
    const boundary = 'dsn-boundary';
    const dsn = [
      'From: Mail Delivery System <MAILER-DAEMON@mx.uni.example.edu>',
      `To: ${HELPDESK}`,
      'Subject: Undelivered Mail Returned to Sender',
      'Auto-Submitted: auto-replied',
      `Content-Type: multipart/report; report-type=delivery-status; boundary="${boundary}"`,
      'MIME-Version: 1.0',
      '',
      `--${boundary}`,
      'Content-Type: text/plain',
      '',
      'Your message could not be delivered.',
      `--${boundary}`,
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.uni.example.edu',
      '',
      'Final-Recipient: rfc822; gone@uni.example.edu',
      'Action: failed',
      'Status: 5.1.1',
      'Diagnostic-Code: smtp; 550 5.1.1 <gone@uni.example.edu>: user unknown',
      `--${boundary}`,
      'Content-Type: text/rfc822-headers',
      '',
      `Message-ID: ${sent.message_id}`,
      `Subject: ${sent.subject}`,
      `--${boundary}--`,
      '',
    ].join('\r\n');
    const row = await send({ envelope: { from: '', to: [EUDAT] }, raw: dsn });
    expect(row).toMatchObject({ status: 'processed', ticket_id: ticket.id });
    const bounced = (await call(desk, 'admin', 'GET', `/ticket_articles/${reply.body.id}`)).body;
    expect(bounced.preferences).toMatchObject({ delivery_status: 'fail', bounced: true });
    expect(bounced.preferences.delivery_status_message).toContain('user unknown');
    const note = (await articles(ticket.id)).at(-1);
    expect(note).toMatchObject({ sender: 'System', internal: true, type: 'email' });
    // A customer never sees the bounce.
    const password = 'customer-mail-pass-1';
    expect((await call(desk, 'admin', 'PUT', `/users/${ticket.customer_id}`, { password })).status).toBe(200);
    const seen = await call(
      desk,
      { basic: [customer, password] },
      'GET',
      `/ticket_articles/by_ticket/${ticket.id}`,
    );
    expect(seen.status).toBe(200);
    expect(seen.body.map((a: Json) => a.id)).not.toContain(note.id);
    expect(seen.body.some((a: Json) => a.internal)).toBe(false);
  });

  it('stops answering a sender who writes too often, and stops taking a flood', async () => {
    const flooder = `flood-${Date.now()}@example.com`;
    const opts = { systemId: 31, ownAddress: HELPDESK, senderLimitPerHour: 2 };
    const results: string[] = [];
    for (let i = 0; i < 11; i++) {
      const raw = Buffer.from(`From: ${flooder}\r\nTo: ${EUDAT}\r\nSubject: spam ${i}\r\n\r\nbody ${i}\r\n`);
      const id = await storeInbound(desk.db, raw, {});
      const r = await processInbound(desk.db, id, opts);
      results.push(r.status === 'processed' ? (r.automatic ? 'quiet' : 'answered') : r.status);
    }
    expect(results.slice(0, 2)).toEqual(['answered', 'answered']);
    expect(results.slice(2, 10)).toEqual(Array(8).fill('quiet'));
    expect(results[10]).toBe('ignored');
  });

  it('keeps a mail it cannot read, shows it to admins, and never loses it', async () => {
    const garbage = Buffer.from('this is not a mail at all\r\n\r\nno headers, no sender\r\n');
    const res = await fetch(`${desk.url}/api/v1/channels_email/inbound_mails`, {
      method: 'POST',
      headers: {
        'Content-Type': 'message/rfc822',
        Authorization: `Basic ${Buffer.from('admin@example.org:demo-admin-pass').toString('base64')}`,
      },
      body: garbage,
    });
    expect(res.status).toBe(201);
    const stored: Json = await res.json();
    expect(stored).toMatchObject({ status: 'failed', result: { status: 'failed' } });
    expect(stored.error).toContain('sender');
    const failed = await call(desk, 'admin', 'GET', '/channels_email/inbound_mails?status=failed');
    expect(failed.status).toBe(200);
    expect(failed.body.mails.map((m: Json) => m.id)).toContain(stored.id);
    expect(failed.body.counts.failed).toBeGreaterThanOrEqual(1);
    const raw = await desk.api(`/channels_email/inbound_mails/${stored.id}/raw`, { as: 'admin' });
    expect(raw.headers.get('content-type')).toBe('message/rfc822');
    expect(Buffer.from(await raw.arrayBuffer()).equals(garbage)).toBe(true);
    const again = await call(desk, 'admin', 'POST', `/channels_email/inbound_mails/${stored.id}/reprocess`);
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('failed');
    // Agents and customers see none of this.
    expect((await call(desk, 'agent', 'GET', '/channels_email/inbound_mails')).status).toBe(403);
    expect(
      (await call(desk, 'customer', 'GET', `/channels_email/inbound_mails/${stored.id}/raw`)).status,
    ).toBe(403);
    // Not a mail upload at all: 422 with a reason.
    const wrong = await call(desk, 'admin', 'POST', '/channels_email/inbound_mails', { raw: 'x' });
    expect(wrong.status).toBe(422);
    expect(wrong.body.error).toContain('message/rfc822');
  });

  it('refuses mail for addresses that are not the helpdesk’s', async () => {
    await expect(
      customerMail.sendMail({
        from: customer,
        to: 'someone@elsewhere.example',
        subject: 'relay?',
        text: 'x',
      }),
    ).rejects.toThrow(/550|no such mailbox/);
  });

  it('opens a new ticket for an answer to a ticket closed for good', async () => {
    const g = await call(desk, 'admin', 'POST', '/groups', {
      name: `No follow-ups ${Date.now()}`,
      follow_up_possible: 'new_ticket',
    });
    expect(g.status).toBe(201);
    await call(desk, 'admin', 'PUT', `/tickets/${ticket.id}`, { group_id: g.body.id, state: 'closed' });
    const row = await send({
      from: customer,
      to: EUDAT,
      subject: `Re: [Ticket#${ticket.number}]`,
      text: 'Again?',
    });
    expect(row.status).toBe('processed');
    expect(row.ticket_id).not.toBe(ticket.id);
  });
});

describe('inbound mail and the seeded auto-reply trigger', () => {
  const mailsTo = (address: string) =>
    mailbox.filter((m) =>
      (Array.isArray(m.to) ? m.to : m.to ? [m.to] : []).some((t) => t.text.includes(address)),
    );

  it("answers a person's new mail once, and never an auto-reply, a robot or list mail", async () => {
    const person = `person-${Date.now()}@uni.example.edu`;
    const row = await send({ from: person, to: EUDAT, subject: 'Need a DOI', text: 'How do I get a DOI?' });
    expect(row.status).toBe('processed');
    await worker.runDue();
    const replies = mailsTo(person);
    expect(replies).toHaveLength(1);
    expect(replies[0]?.subject).toContain('Need a DOI');
    // The auto-reply is marked automatic, so the person's own auto-responder would not answer it.
    expect(replies[0]?.headers.get('x-loop')).toBe(HELPDESK);

    // The person's out-of-office answer to it: kept on the ticket, not answered again.
    const ooo = await send({
      from: person,
      to: EUDAT,
      subject: `Auto: ${replies[0]?.subject}`,
      inReplyTo: replies[0]?.messageId,
      headers: { 'Auto-Submitted': 'auto-replied' },
      text: 'I am away until Monday.',
    });
    expect(ooo).toMatchObject({ status: 'processed', ticket_id: row.ticket_id });
    // A robot's and a list's new mail: tickets, but no auto-reply either.
    const robot = `robot-${Date.now()}@example.com`;
    const fromRobot = await send({
      from: robot,
      to: EUDAT,
      subject: 'Vacation notice',
      headers: { 'Auto-Submitted': 'auto-replied' },
      text: 'away',
    });
    const list = `list-${Date.now()}@lists.example.org`;
    await send({
      from: list,
      to: EUDAT,
      subject: 'Newsletter',
      headers: { 'List-Id': '<news.lists.example.org>' },
      text: 'news',
    });
    expect(fromRobot.status).toBe('processed');
    await worker.runDue();
    expect(mailsTo(person)).toHaveLength(1);
    expect(mailsTo(robot)).toHaveLength(0);
    expect(mailsTo(list)).toHaveLength(0);
  });
});

describe('the e-mail channel API', () => {
  it("serves Zammad's /channels_email and /email_addresses with their permissions", async () => {
    const index = await call(desk, 'admin', 'GET', '/channels_email');
    expect(index.status).toBe(200);
    expect(index.body.account_channel_ids).toEqual([1]);
    expect(index.body.notification_channel_ids).toEqual([2]);
    const addresses = Object.values(index.body.assets.EmailAddress).map((a: Json) => a.email);
    expect(addresses).toEqual(expect.arrayContaining(['support@helpdesk.example.org', EUDAT]));
    expect((await call(desk, 'agent', 'GET', '/channels_email')).status).toBe(403);

    expect((await call(desk, 'agent', 'GET', '/email_addresses')).status).toBe(200);
    expect((await call(desk, 'customer', 'GET', '/email_addresses')).status).toBe(403);
    expect(
      (await call(desk, 'agent', 'POST', '/email_addresses', { name: 'x', email: 'x@y.org' })).status,
    ).toBe(403);
    const bad = await call(desk, 'admin', 'POST', '/email_addresses', {
      name: 'Bad',
      email: 'not an address',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toContain('Invalid email');
    const made = await call(desk, 'admin', 'POST', '/email_addresses', {
      name: 'DARIAH Support',
      email: 'DARIAH@helpdesk.example.org',
      channel_id: 1,
    });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ email: 'dariah@helpdesk.example.org', channel_id: 1, active: true });
    expect(await isSupportAddress(desk.db, 'Dariah@Helpdesk.example.org')).toBe(true);

    expect((await call(desk, 'admin', 'POST', '/channels_email_disable', { id: 1 })).status).toBe(200);
    expect((await call(desk, 'admin', 'GET', '/channels_email')).body.assets.Channel['1'].active).toBe(false);
    expect((await call(desk, 'admin', 'POST', '/channels_email_enable', { id: 1 })).status).toBe(200);
    expect((await call(desk, 'admin', 'POST', '/channels_email_enable', { id: 2 })).status).toBe(404);
    // Past PostgreSQL's integer (the fuzzer found a 500 here): no such channel.
    for (const path of ['/channels_email_enable', '/channels_email_disable'])
      expect((await call(desk, 'admin', 'POST', path, { id: 2147483648 })).status).toBe(404);
    expect((await call(desk, 'admin', 'DELETE', '/channels_email', { id: 2147483648 })).status).toBe(404);
  });
});
