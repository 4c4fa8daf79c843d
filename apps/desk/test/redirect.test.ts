import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { createTransport, type Transporter } from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { processInbound, storeInbound } from '../src/domain/mail/inbound.ts';
import { deskJobKinds } from '../src/jobs/kinds.ts';
import { Worker } from '../src/jobs/worker.ts';
import { resetClock, setClock } from '../src/lib/clock.ts';
import { createMailer } from '../src/lib/mail.ts';
import { isSupportAddress, type SmtpListener, startSmtpListener } from '../src/lib/smtp-listener.ts';
import { type RunningDesk, startDesk } from './harness.ts';
import { call, type Json, makeUser } from './ticket-fixtures.ts';

/*
 * Ticket redirection (issue 16, path 2) end to end: the desk over HTTP on PostgreSQL, a real SMTP
 * server (smtp-server) standing in for the providers' lists and the customers' mailboxes, the
 * desk's own SMTP listener taking the list's answer, and the worker with the desk's clock set.
 */

const HELPDESK = 'support@helpdesk.test';
const received: ParsedMail[] = [];
/** Recipients the "list server" refuses for good (550). */
const refused = new Set<string>();
let smtp: SMTPServer;
let desk: RunningDesk;
let worker: Worker;
let listener: SmtpListener;
let providerMail: Transporter;
const processed: Promise<unknown>[] = [];
let seq = 0;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!refused.has(address.address.toLowerCase())) return callback();
      const err = new Error(`5.1.1 <${address.address}>: Recipient address rejected: no such list`);
      (err as Error & { responseCode: number }).responseCode = 550;
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
  const mailer = createMailer({
    smtpUrl: `smtp://127.0.0.1:${(smtp.server.address() as AddressInfo).port}`,
    from: `EOSC Helpdesk <${HELPDESK}>`,
  });
  desk = await startDesk({ mailer });
  // The seeded auto-replies mail the customer too; they are triggers.test.ts's.
  await desk.db.query('UPDATE triggers SET active = false');
  worker = new Worker(desk.db, deskJobKinds({ mailer, systemId: 31 }));
  await worker.ensureRecurring();
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
  providerMail = createTransport({ host: '127.0.0.1', port: listener.port, secure: false, ignoreTLS: true });
});

afterAll(async () => {
  resetClock();
  await listener?.close();
  await desk?.close();
  await new Promise<void>((ok) => (smtp ? smtp.close(() => ok()) : ok()));
});

const mailsTo = (address: string) =>
  received.filter((m) => m.to && !Array.isArray(m.to) && m.to.value.some((v) => v.address === address));

async function redirectService(list: string): Promise<Json> {
  seq += 1;
  const res = await call(desk, 'admin', 'POST', '/eosc_services', {
    key: `redirect-svc-${seq}-${Date.now()}`,
    name: `Redirected Service ${seq} ${Date.now()}`,
    provider: `Provider ${seq}`,
    community: 'Demo Community',
    integration: 'redirect',
    mailing_list: list,
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function customerTicket(service: Json, body: string, attach = false): Promise<Json> {
  const res = await call(desk, 'customer', 'POST', '/tickets', {
    title: `Cannot log in ${seq}`,
    eosc_service: service.key,
    article: {
      body,
      ...(attach
        ? {
            attachments: [
              {
                filename: 'trace.txt',
                data: Buffer.from('stack trace 42').toString('base64'),
                'mime-type': 'text/plain',
              },
            ],
          }
        : {}),
    },
  });
  expect(res.status).toBe(201);
  return res.body;
}

async function stateName(ticketId: number): Promise<string> {
  const rows = await desk.db.query<{ name: string }>(
    'SELECT s.name FROM tickets t JOIN ticket_states s ON s.id = t.state_id WHERE t.id = $1',
    [ticketId],
  );
  return rows[0]?.name ?? '';
}

async function alerts(ticketId: number, reason: string): Promise<Json[]> {
  return desk.db.query(
    `SELECT * FROM ticket_articles WHERE ticket_id = $1 AND internal
        AND preferences->'eosc_redirect'->>'alert' = $2`,
    [ticketId, reason],
  );
}

async function firstLineNotified(ticketId: number): Promise<number[]> {
  const rows = await desk.db.query<{ user_id: number }>(
    `SELECT n.user_id FROM online_notifications n JOIN users u ON u.id = n.user_id
      WHERE n.o_id = $1 AND n.type = 'escalation' AND u.login = 'agent@example.org'`,
    [ticketId],
  );
  return rows.map((r) => r.user_id);
}

async function sendAsProvider(mail: Parameters<Transporter['sendMail']>[0]): Promise<void> {
  const before = processed.length;
  await providerMail.sendMail(mail);
  for (let i = 0; i < 200 && processed.length === before; i++) await new Promise((r) => setTimeout(r, 10));
  await Promise.all(processed);
}

describe('integration mode of a service', () => {
  it('needs a valid mailing list for redirect, and says what is wrong (422)', async () => {
    const base = { key: `svc-check-${Date.now()}`, name: `Check ${Date.now()}`, provider: 'P' };
    const noList = await call(desk, 'admin', 'POST', '/eosc_services', { ...base, integration: 'redirect' });
    expect(noList.status).toBe(422);
    expect(noList.body.error).toContain('mailing_list');
    const bad = await call(desk, 'admin', 'POST', '/eosc_services', {
      ...base,
      integration: 'redirect',
      mailing_list: 'not an address',
    });
    expect(bad.status).toBe(422);
    expect(bad.body.error).toContain("'mailing_list'");
    const mode = await call(desk, 'admin', 'POST', '/eosc_services', { ...base, integration: 'pigeon' });
    expect(mode.status).toBe(422);
    expect(mode.body.error).toContain("'integration'");
    const ok = await call(desk, 'admin', 'POST', '/eosc_services', {
      ...base,
      community: 'EGI',
      mailing_list: 'list@provider.example',
    });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({
      integration: 'direct',
      mailing_list: 'list@provider.example',
      community: 'EGI',
    });
    const cleared = await call(desk, 'admin', 'PUT', `/eosc_services/${ok.body.id}`, {
      integration: 'redirect',
      mailing_list: '',
    });
    expect(cleared.status).toBe(422);
    const switched = await call(desk, 'admin', 'PUT', `/eosc_services/${ok.body.id}`, {
      integration: 'redirect',
    });
    expect(switched.status).toBe(200);
    expect(switched.body.integration).toBe('redirect');
    expect(
      (await call(desk, 'customer', 'PUT', `/eosc_services/${ok.body.id}`, { integration: 'direct' })).status,
    ).toBe(403);
  });
});

describe('redirection to the provider', () => {
  it('forwards a new ticket through the worker: content, headers, files; the customer is told', async () => {
    const list = `users-${Date.now()}@lists.provider.example`;
    const service = await redirectService(list);
    const t = await customerTicket(service, 'I get error 42 when I log in.', true);
    // Waiting in its own state; nothing sent inside the request.
    expect(await stateName(t.id)).toBe('waiting for provider');
    expect(mailsTo(list)).toHaveLength(0);
    const pending = await call(desk, 'customer', 'GET', `/tickets/${t.id}/redirect`);
    expect(pending.body).toMatchObject({ status: 'forwarding', mailing_list: list, delivery_status: null });

    await worker.runDue();
    const [mail] = mailsTo(list);
    expect(mail).toBeDefined();
    const m = mail as ParsedMail;
    expect(m.subject).toBe(`Cannot log in ${seq} [Ticket#${t.number}]`);
    const supportRows = await desk.db.query<{ email: string }>(
      `SELECT e.email FROM groups g JOIN email_addresses e ON e.id = g.email_address_id
        WHERE g.id = $1`,
      [t.group_id],
    );
    const firstAddress = await desk.db.query<{ email: string }>(
      'SELECT email FROM email_addresses WHERE active ORDER BY id LIMIT 1',
    );
    expect(m.replyTo?.value[0]?.address).toBe(supportRows[0]?.email ?? firstAddress[0]?.email);
    expect(m.from?.value[0]?.address).toBe(HELPDESK);
    expect(m.text).toContain('I get error 42 when I log in.');
    expect(m.text).toContain(`Ticket: ${t.number}`);
    expect(m.headers.get('x-eosc-ticket')).toBe(t.number);
    expect(m.attachments.map((a) => [a.filename, a.content.toString()])).toEqual([
      ['trace.txt', 'stack trace 42'],
    ]);

    const redirect = (await call(desk, 'agent', 'GET', `/tickets/${t.id}/redirect`)).body;
    expect(redirect).toMatchObject({ status: 'forwarded', delivery_status: 'success', forwards: 1 });
    const forward = (await call(desk, 'agent', 'GET', `/ticket_articles/${redirect.article_id}`)).body;
    expect(forward).toMatchObject({ internal: true, to: list, message_id: m.messageId });

    // The customer: a mail saying where it went, and the same words in the portal.
    const notice = mailsTo('customer@example.org').find((x) => x.subject?.includes('forwarded'));
    expect(notice?.text).toContain(list);
    const seen = (await call(desk, 'customer', 'GET', `/ticket_articles/by_ticket/${t.id}`)).body as Json[];
    expect(seen.some((a) => a.internal)).toBe(false);
    expect(
      seen.some((a) => String(a.body).includes(`forwarded to the mailing list of Provider ${seq}`)),
    ).toBe(true);
  });

  it("threads the list's answer back: the customer gets it, the ticket opens, the clock restarts", async () => {
    const list = `answers-${Date.now()}@lists.provider.example`;
    const service = await redirectService(list);
    const t = await customerTicket(service, 'Quota question.');
    await worker.runDue();
    const forward = mailsTo(list)[0] as ParsedMail;
    const replyTo = forward.replyTo?.value[0]?.address as string;
    await sendAsProvider({
      from: 'Pat Provider <pat@provider.example>',
      to: replyTo,
      subject: `Re: ${forward.subject}`,
      inReplyTo: forward.messageId,
      references: [forward.messageId as string],
      text: 'We raised your quota; try again.',
      headers: { 'List-Id': `<${list.replace('@', '.')}>` },
    });
    expect(await stateName(t.id)).toBe('open');
    const ticket = (await call(desk, 'agent', 'GET', `/tickets/${t.id}`)).body;
    expect(ticket.first_response_at).not.toBeNull();
    // The first-response clock stopped with the answer; what runs now runs from it.
    expect(ticket.first_response_escalation_at ?? null).toBeNull();
    const redirect = (await call(desk, 'customer', 'GET', `/tickets/${t.id}/redirect`)).body;
    expect(redirect.status).toBe('acknowledged');
    const answer = (
      (await call(desk, 'customer', 'GET', `/ticket_articles/by_ticket/${t.id}`)).body as Json[]
    ).find((a) => String(a.body).includes('We raised your quota'));
    expect(answer).toMatchObject({ internal: false, type: 'email' });

    await worker.runDue();
    const relayed = mailsTo('customer@example.org').find((x) => x.text?.includes('We raised your quota'));
    expect(relayed?.subject).toContain(`[Ticket#${t.number}]`);
    expect(relayed?.from?.text).toContain('Pat Provider via EOSC Helpdesk');

    // What the user adds in the portal follows the request to the list, threaded.
    const added = await call(desk, 'customer', 'POST', '/ticket_articles', {
      ticket_id: t.id,
      body: 'It works now, thank you!',
    });
    expect(added.status).toBe(201);
    await worker.runDue();
    const followUp = mailsTo(list).find((x) => x.text?.includes('It works now, thank you!'));
    expect(followUp?.subject).toContain(`[Ticket#${t.number}]`);
    expect(followUp?.references).toContain(forward.messageId);
    expect(followUp?.replyTo?.value[0]?.address).toBe(replyTo);
    // A follow-up is no new forward: the customer is not told again.
    expect(mailsTo('customer@example.org').filter((x) => x.text?.includes(list))).toHaveLength(1);
  });

  it('alerts the first line once when no acknowledgement came within the response time', async () => {
    setClock(new Date('2027-03-01T08:00:00.000Z')); // a Monday morning in Brussels
    try {
      const list = `silent-${Date.now()}@lists.provider.example`;
      const service = await redirectService(list);
      const t = await customerTicket(service, 'Anyone there?');
      await worker.runDue();
      const redirect = (await call(desk, 'agent', 'GET', `/tickets/${t.id}/redirect`)).body;
      const ticket = (await call(desk, 'agent', 'GET', `/tickets/${t.id}`)).body;
      // The unit's first-response time under its SLA sets the deadline.
      expect(ticket.first_response_escalation_at).toBeTruthy();
      expect(redirect.ack_due_at).toBe(ticket.first_response_escalation_at);
      const due = new Date(redirect.ack_due_at).getTime();

      setClock(due - 60_000);
      await worker.runDue();
      expect(await alerts(t.id, 'no_acknowledgement')).toHaveLength(0);

      setClock(due + 60_000);
      await worker.runDue();
      expect(await alerts(t.id, 'no_acknowledgement')).toHaveLength(1);
      expect((await firstLineNotified(t.id)).length).toBeGreaterThan(0);
      expect((await call(desk, 'agent', 'GET', `/tickets/${t.id}/redirect`)).body.alerted_at).toBeTruthy();

      setClock(due + 3_600_000);
      await worker.runDue();
      expect(await alerts(t.id, 'no_acknowledgement')).toHaveLength(1);
    } finally {
      resetClock();
    }
  });

  it("shows the list server's refusal on the ticket, tells the first line, and loses nothing", async () => {
    const list = `gone-${Date.now()}@lists.provider.example`;
    refused.add(list);
    const service = await redirectService(list);
    const t = await customerTicket(service, 'Please help with B2 access.');
    await worker.runDue();
    expect(mailsTo(list)).toHaveLength(0);
    const redirect = (await call(desk, 'agent', 'GET', `/tickets/${t.id}/redirect`)).body;
    expect(redirect.status).toBe('failed');
    expect(redirect.delivery_status).toBe('fail');
    expect(redirect.delivery_status_message).toContain('550');
    const forward = (await call(desk, 'agent', 'GET', `/ticket_articles/${redirect.article_id}`)).body;
    expect(forward.preferences.delivery_status).toBe('fail');
    expect(forward.preferences.delivery_status_message).toContain('no such list');
    const [alert] = await alerts(t.id, 'forward_failed');
    expect(alert?.body).toContain('no such list');
    expect((await firstLineNotified(t.id)).length).toBeGreaterThan(0);
    // The permanent refusal is not retried: no job is left waiting for this forward.
    const left = await desk.db.query(
      "SELECT 1 FROM jobs WHERE kind = 'redirect_forward' AND (payload->>'ticket_id')::int = $1",
      [t.id],
    );
    expect(left).toHaveLength(0);
    // Corrected by an admin and re-sent by the first line: it arrives.
    const fixed = `fixed-${Date.now()}@lists.provider.example`;
    expect(
      (await call(desk, 'admin', 'PUT', `/eosc_services/${service.id}`, { mailing_list: fixed })).status,
    ).toBe(200);
    const again = await call(desk, 'agent', 'POST', `/tickets/${t.id}/redirect/resend`);
    expect(again.status).toBe(200);
    expect(again.body).toMatchObject({ status: 'forwarding', forwards: 2, mailing_list: fixed });
    await worker.runDue();
    expect(mailsTo(fixed)[0]?.text).toContain('Please help with B2 access.');
    expect((await call(desk, 'agent', 'GET', `/tickets/${t.id}/redirect`)).body.status).toBe('forwarded');
  });

  it('lets only the first line and admins re-send or take over', async () => {
    const list = `perm-${Date.now()}@lists.provider.example`;
    const service = await redirectService(list);
    const t = await customerTicket(service, 'Permissions please.');
    await worker.runDue();
    const outsider = await makeUser(desk, { roles: ['Agent'], groups: { 1: ['full'] }, prefix: 'outsider' });
    for (const as of ['customer', outsider.as] as const) {
      expect((await call(desk, as, 'POST', `/tickets/${t.id}/redirect/resend`)).status).toBe(403);
      expect((await call(desk, as, 'POST', `/tickets/${t.id}/redirect/take_over`)).status).toBe(403);
    }
    expect((await call(desk, 'none', 'POST', `/tickets/${t.id}/redirect/resend`)).status).toBe(403);
    const taken = await call(desk, 'agent', 'POST', `/tickets/${t.id}/redirect/take_over`);
    expect(taken.status).toBe(200);
    expect(taken.body.status).toBe('taken_over');
    const ticket = (await call(desk, 'agent', 'GET', `/tickets/${t.id}?expand=true`)).body;
    expect(ticket).toMatchObject({ group: 'First-Line Support', state: 'open', owner: 'agent@example.org' });
    const twice = await call(desk, 'admin', 'POST', `/tickets/${t.id}/redirect/take_over`);
    expect(twice.status).toBe(422);
    expect(twice.body.error).toContain('took this ticket over');
    expect((await call(desk, 'admin', 'POST', `/tickets/${t.id}/redirect/resend`)).status).toBe(422);
    // A ticket that was never redirected has no redirection.
    const plain = await call(desk, 'customer', 'POST', '/tickets', {
      title: 'Plain',
      group: 'Users',
      article: { body: 'x' },
    });
    expect((await call(desk, 'agent', 'GET', `/tickets/${plain.body.id}/redirect`)).status).toBe(404);
    expect((await call(desk, 'admin', 'POST', `/tickets/${plain.body.id}/redirect/take_over`)).status).toBe(
      404,
    );
  });
});
