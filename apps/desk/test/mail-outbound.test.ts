import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskJobKinds } from '../src/jobs/kinds.ts';
import { Worker } from '../src/jobs/worker.ts';
import { createMailer } from '../src/lib/mail.ts';
import { type RunningDesk, startDesk } from './harness.ts';
import { call, createTicket, type Json } from './ticket-fixtures.ts';

/*
 * Outbound ticket mail (issue 14, point 2) through a real SMTP server (smtp-server) and a real
 * mail parser: an agent's public e-mail reaches the customer with the ticket hook and threading
 * headers, its Message-ID recorded on the article; a refusing server delays the mail (retried by
 * the worker, each failure on the article) and loses none; a mail given up says so.
 */

const received: ParsedMail[] = [];
/** While set, the server refuses every recipient with this temporary error. */
let refuse: string | undefined;
let smtp: SMTPServer;
let desk: RunningDesk;
let worker: Worker;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(_address, _session, callback) {
      if (!refuse) return callback();
      const err = new Error(refuse) as Error & { responseCode: number };
      err.responseCode = 451;
      callback(err);
    },
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((m) => {
          received.push(m);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((ok) => smtp.listen(0, '127.0.0.1', ok));
  const port = (smtp.server.address() as AddressInfo).port;
  const mailer = createMailer({
    smtpUrl: `smtp://127.0.0.1:${port}`,
    from: 'EOSC Helpdesk <support@helpdesk.test>',
  });
  desk = await startDesk({ mailer });
  // This file counts the mails of agents' articles; the mails triggers send are triggers.test.ts's.
  await desk.db.query('UPDATE triggers SET active = false');
  worker = new Worker(desk.db, deskJobKinds({ mailer }));
  // Only the articles' own mails here: the seeded triggers (auto-replies, customer notifications)
  // send theirs through the same job and are tested in triggers.test.ts.
  await desk.db.query('UPDATE triggers SET active = false');
});

afterAll(async () => {
  await desk?.close();
  await new Promise<void>((ok) => (smtp ? smtp.close(() => ok()) : ok()));
});

const mailTo = (address: string) =>
  received.filter((m) => m.to && !Array.isArray(m.to) && m.to.text.includes(address));

async function article(id: number): Promise<Json> {
  const res = await call(desk, 'admin', 'GET', `/ticket_articles/${id}`);
  expect(res.status).toBe(200);
  return res.body;
}

async function mailJob(articleId: number): Promise<{ id: number; attempts: number; dead: boolean }> {
  const rows = await desk.db.query<{ id: number; attempts: number; dead: boolean }>(
    `SELECT id, attempts, dead FROM jobs WHERE kind = 'mail_send' AND (payload->>'article_id')::int = $1`,
    [articleId],
  );
  expect(rows).toHaveLength(1);
  return rows[0] as { id: number; attempts: number; dead: boolean };
}

/** A new ticket and an agent's e-mail on it, written while the server refuses with `refusal`. */
async function refusedReply(title: string, refusal: string, body: string): Promise<{ t: Json; reply: Json }> {
  const t = await createTicket(desk, 'admin', { title, customer: 'customer@example.org' });
  refuse = refusal;
  const reply = await call(desk, 'admin', 'POST', '/ticket_articles', {
    ticket_id: t.id,
    body,
    type: 'email',
    internal: false,
  });
  expect(reply.status).toBe(201);
  return { t, reply };
}

describe('outbound ticket mail', () => {
  it("mails an agent's public e-mail to the customer, threaded, and records its Message-ID", async () => {
    const customer = `mail-customer-${Date.now()}@example.org`;
    const user = await call(desk, 'admin', 'POST', '/users', {
      firstname: 'Mila',
      lastname: 'Mailer',
      email: customer,
      roles: ['Customer'],
    });
    expect(user.status).toBe(201);
    const t = await createTicket(desk, 'admin', {
      title: 'Quota on the data hub',
      customer_id: user.body.id,
      article: {
        body: 'My quota is full.',
        type: 'email',
        sender: 'Customer',
        from: customer,
        message_id: '<first@customer.example.org>',
      },
    });
    // The customer's own mail (sender Customer) is never sent anywhere.
    const reply = await call(desk, 'admin', 'POST', '/ticket_articles', {
      ticket_id: t.id,
      body: '<p>We raised your quota to <b>2 TB</b>.</p>',
      content_type: 'text/html',
      type: 'email',
      internal: false,
      cc: 'colleague@example.org',
    });
    expect(reply.status).toBe(201);
    // An internal note and a public note are not mailed.
    await call(desk, 'admin', 'POST', '/ticket_articles', {
      ticket_id: t.id,
      body: 'internal',
      type: 'note',
      internal: true,
    });

    const ran = await worker.runDue();
    expect(ran.filter((r) => r.kind === 'mail_send')).toHaveLength(1);
    const mails = mailTo(customer);
    expect(mails).toHaveLength(1);
    const mail = mails[0] as ParsedMail;
    expect(mail.subject).toBe(`Quota on the data hub [Ticket#${t.number}]`);
    expect(mail.from?.value[0]).toMatchObject({
      address: 'support@helpdesk.test',
      name: 'Ada Admin via EOSC Helpdesk',
    });
    expect((Array.isArray(mail.cc) ? mail.cc[0] : mail.cc)?.text).toContain('colleague@example.org');
    expect(mail.inReplyTo).toBe('<first@customer.example.org>');
    expect(mail.references).toContain('<first@customer.example.org>');
    expect(mail.html).toContain('<b>2 TB</b>');
    expect(mail.text).toContain('We raised your quota to 2 TB.');
    expect(mail.headers.get('x-loop')).toBe('support@helpdesk.test');

    const stored = await article(reply.body.id);
    expect(stored.message_id).toBe(mail.messageId);
    expect(stored.to).toBe(customer);
    expect(stored.preferences).toMatchObject({ delivery_status: 'success', delivery_retry: 1 });
    // Run again: nothing more is sent.
    await worker.runDue();
    expect(mailTo(customer)).toHaveLength(1);
  });

  it('keeps a mail the server refuses, records each failure, and sends it when the server takes it', async () => {
    const { t, reply } = await refusedReply('Refused at first', 'Mailbox busy, try later', 'Your answer.');
    await worker.runDue();
    const job = await mailJob(reply.body.id);
    expect(job).toMatchObject({ attempts: 1, dead: false });
    let stored = await article(reply.body.id);
    expect(stored.preferences.delivery_retry).toBe(1);
    expect(stored.preferences.delivery_status_message).toContain('Mailbox busy');
    expect(stored.preferences.delivery_status).toBeUndefined();
    const messageId = stored.message_id;
    expect(messageId).toMatch(/^<.+@helpdesk\.test>$/);

    // A second refusal (run now, as an admin's "run now" would), then the server takes it.
    expect(await worker.runNow(job.id)).toMatchObject({
      ran: { error: expect.stringContaining('Mailbox busy') },
    });
    refuse = undefined;
    await worker.runNow(job.id);
    stored = await article(reply.body.id);
    expect(stored.preferences).toMatchObject({ delivery_status: 'success', delivery_retry: 3 });
    const mails = received.filter((m) => m.subject?.includes(`[Ticket#${t.number}]`));
    expect(mails).toHaveLength(1);
    // The same Message-ID as recorded before the first attempt.
    expect(mails[0]?.messageId).toBe(messageId);
    // Done: the job is gone.
    const left = await desk.db.query(
      "SELECT 1 FROM jobs WHERE kind = 'mail_send' AND (payload->>'article_id')::int = $1",
      [reply.body.id],
    );
    expect(left).toHaveLength(0);
  });

  it('says on the article when a mail is given up after its last attempt', async () => {
    const { reply } = await refusedReply('Never delivered', 'Still busy', 'Lost?');
    const job = await mailJob(reply.body.id);
    await desk.db.query('UPDATE jobs SET max_attempts = 2 WHERE id = $1', [job.id]);
    await worker.runNow(job.id);
    await worker.runNow(job.id);
    refuse = undefined;
    expect(await mailJob(reply.body.id)).toMatchObject({ attempts: 2, dead: true });
    const stored = await article(reply.body.id);
    expect(stored.preferences).toMatchObject({ delivery_status: 'fail', delivery_retry: 2 });
    expect(stored.preferences.delivery_status_message).toContain('Still busy');
  });
});
