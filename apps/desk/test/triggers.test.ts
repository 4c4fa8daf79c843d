import type { AddressInfo } from 'node:net';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { configureTriggers } from '../src/domain/triggers/config.ts';
import { deskJobKinds } from '../src/jobs/kinds.ts';
import { Worker } from '../src/jobs/worker.ts';
import { advanceClock, resetClock } from '../src/lib/clock.ts';
import { createMailer } from '../src/lib/mail.ts';
import { type RunningDesk, startDesk } from './harness.ts';
import { call, createTicket, type Json } from './ticket-fixtures.ts';

/*
 * Triggers (issue 14, point 4) against a real SMTP server (smtp-server) and a real parser: the
 * seeded auto-reply answers a new customer ticket; templates escape what they insert; actions
 * run in name order on the changed ticket; loop protection holds within a change and across
 * changes; auto-responses, the helpdesk's own address and customers who opted out get nothing.
 */

const received: ParsedMail[] = [];
let smtp: SMTPServer;
let desk: RunningDesk;
let worker: Worker;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
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
    publicUrl: 'https://help.example.org',
  });
  desk = await startDesk({ mailer });
  worker = new Worker(desk.db, deskJobKinds({ mailer }));
});

afterAll(async () => {
  await desk?.close();
  await new Promise<void>((ok) => (smtp ? smtp.close(() => ok()) : ok()));
});

afterEach(() => {
  configureTriggers({ maxRunsPerMinute: 30 });
  resetClock();
});

/** The ticket's mails other than agents' notification mails (notification-mail.test.ts). */
const mailsAbout = (number: string) =>
  received.filter(
    (m) => m.subject?.includes(`[Ticket#${number}]`) && !m.messageId?.startsWith('<notification.'),
  );

async function articles(ticketId: number): Promise<Json[]> {
  const res = await call(desk, 'admin', 'GET', `/ticket_articles/by_ticket/${ticketId}`);
  expect(res.status).toBe(200);
  return res.body;
}

const systemMails = (list: Json[]) => list.filter((a) => a.sender === 'System' && a.type === 'email');

async function trigger(body: Json): Promise<Json> {
  const res = await call(desk, 'admin', 'POST', '/triggers', body);
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return res.body;
}

async function tags(ticketId: number): Promise<string[]> {
  const res = await call(desk, 'admin', 'GET', `/tags?object=Ticket&o_id=${ticketId}`);
  return res.body.tags;
}

describe('standard triggers', () => {
  it('seeds Zammad’s standard triggers and ours', async () => {
    const res = await call(desk, 'admin', 'GET', '/triggers');
    expect(res.status).toBe(200);
    const byName = new Map(res.body.map((t: Json) => [t.name, t]));
    expect(byName.get('auto reply (on new tickets)')).toMatchObject({ active: true, activator: 'action' });
    expect(byName.get('auto reply (on follow-up of tickets)')).toMatchObject({ active: false });
    expect(byName.get('customer notification (on agent reply)')).toMatchObject({ active: true });
    expect(byName.get('customer notification (on state change)')).toMatchObject({ active: true });
  });

  it('answers a new customer ticket with the auto-reply, linked to the web app, threaded', async () => {
    const t = await createTicket(desk, 'customer', {
      title: 'Cannot reach the data hub',
      article: { body: 'It times out.', type: 'web' },
    });
    const list = await articles(t.id);
    const [auto] = systemMails(list);
    expect(auto).toMatchObject({
      to: 'customer@example.org',
      subject: 'Thanks for your inquiry (Cannot reach the data hub)',
      // Mailed, not shown in the portal (the portal confirmed the request on the page).
      internal: true,
    });
    await worker.runDue();
    const mails = mailsAbout(t.number);
    expect(mails).toHaveLength(1);
    const mail = mails[0] as ParsedMail;
    expect(mail.to && !Array.isArray(mail.to) ? mail.to.text : '').toContain('customer@example.org');
    expect(mail.html).toContain(`(Ticket#${t.number})`);
    expect(mail.html).toContain(`href="https://help.example.org/tickets/${t.id}"`);
    expect(mail.headers.get('x-loop')).toBe('support@helpdesk.test');
    // Threaded on the customer's ticket: the mail's Message-ID is kept on the System article.
    const stored = (await call(desk, 'admin', 'GET', `/ticket_articles/${auto.id}`)).body;
    expect(stored.message_id).toBe(mail.messageId);
    expect(stored.preferences.delivery_status).toBe('success');
  });

  it('does not answer an auto-response, nor mail the helpdesk’s own address', async () => {
    const robot = await createTicket(desk, 'admin', {
      title: 'Out of office',
      customer: 'customer@example.org',
      article: {
        body: 'I am away.',
        type: 'email',
        sender: 'Customer',
        from: 'customer@example.org',
        preferences: { 'is-auto-response': true },
      },
    });
    expect(systemMails(await articles(robot.id))).toHaveLength(0);
    const own = await createTicket(desk, 'admin', {
      title: 'From ourselves',
      customer: 'customer@example.org',
      article: { body: 'Loop?', type: 'email', sender: 'Customer', from: 'Support <support@helpdesk.test>' },
    });
    expect(systemMails(await articles(own.id))).toHaveLength(0);
  });

  it('mails the customer an agent’s public reply, unless they turned replies off', async () => {
    const t = await createTicket(desk, 'customer', {
      title: 'Reply please',
      article: { body: 'Hi', type: 'web' },
    });
    const reply = await call(desk, 'agent', 'POST', '/ticket_articles', {
      ticket_id: t.id,
      body: 'Try <b>again</b> now & tell us.',
      type: 'note',
      internal: false,
    });
    expect(reply.status).toBe(201);
    const notes = systemMails(await articles(t.id)).filter((a) => a.subject.startsWith('New answer'));
    expect(notes).toHaveLength(1);
    // Internal: the customer gets the mail, and the portal does not show the reply twice.
    expect(notes[0].internal).toBe(true);
    const seen = await call(desk, 'customer', 'GET', `/ticket_articles/by_ticket/${t.id}`);
    expect(seen.body.filter((a: Json) => a.subject?.startsWith('New answer'))).toHaveLength(0);
    // The reply's text is escaped into the mail.
    expect(notes[0].body).toContain('Try &lt;b&gt;again&lt;/b&gt; now &amp; tell us.');

    await desk.db.query(
      `UPDATE users SET preferences = preferences || '{"notification_config": {"customer": {"reply": false}}}'
        WHERE login = 'customer@example.org'`,
    );
    try {
      await call(desk, 'agent', 'POST', '/ticket_articles', {
        ticket_id: t.id,
        body: 'Second answer',
        type: 'note',
        internal: false,
      });
      const after = systemMails(await articles(t.id)).filter((a) => a.subject.startsWith('New answer'));
      expect(after).toHaveLength(1);
    } finally {
      await desk.db.query(
        `UPDATE users SET preferences = preferences - 'notification_config' WHERE login = 'customer@example.org'`,
      );
    }
  });

  it('tells the customer when their ticket is closed, once', async () => {
    const t = await createTicket(desk, 'customer', {
      title: 'Close me',
      article: { body: 'x', type: 'web' },
    });
    expect((await call(desk, 'agent', 'PUT', `/tickets/${t.id}`, { state: 'closed' })).status).toBe(200);
    // A later update that leaves the state alone sends nothing more (selective mode).
    expect((await call(desk, 'agent', 'PUT', `/tickets/${t.id}`, { title: 'Close me (done)' })).status).toBe(
      200,
    );
    const mails = systemMails(await articles(t.id)).filter((a) =>
      a.subject.startsWith('Your request is now'),
    );
    expect(mails.map((a) => a.subject)).toEqual(['Your request is now closed (Close me)']);
  });
});

describe('trigger actions and templates', () => {
  it('escapes what a template inserts and renders unknown placeholders as -', async () => {
    const mark = `esc-${Date.now()}`;
    await trigger({
      name: `t ${mark}`,
      condition: { 'ticket.title': { operator: 'contains', value: mark } },
      perform: {
        'notification.email': {
          recipient: ['ticket_customer'],
          subject: 'About #{ticket.title}',
          body: '<p>Title: #{ticket.title}</p><p>Hello #{ticket.customer.firstname}</p><p>#{ticket.nothing.here}</p>',
        },
      },
    });
    const t = await createTicket(desk, 'agent', {
      title: `<script>alert(1)</script> ${mark}`,
      customer: 'customer@example.org',
    });
    await worker.runDue();
    const mail = received.find((m) => m.subject?.startsWith(`About <script>alert(1)</script> ${mark}`));
    expect(mail, 'the trigger mail').toBeDefined();
    expect(mail?.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail?.html).not.toContain('<script>');
    expect(mail?.html).toContain(`<p>Hello ${await customerName()}</p>`);
    expect(mail?.html).toContain('<p>-</p>');
    expect(systemMails(await articles(t.id)).at(-1)?.to).toBe('customer@example.org');
  });

  it('runs in name order on the changed ticket: tags and state set, history by the system', async () => {
    const mark = `ord-${Date.now()}`;
    await trigger({
      name: `${mark} 1 low`,
      condition: { 'ticket.title': { operator: 'contains', value: mark } },
      perform: {
        'ticket.priority_id': { value: '1' },
        'ticket.tags': { operator: 'add', value: 'first, shared' },
      },
    });
    await trigger({
      name: `${mark} 2 high`,
      condition: { 'ticket.title': { operator: 'contains', value: mark } },
      perform: { 'ticket.priority_id': { value: '3' }, 'ticket.state_id': { value: '2' } },
    });
    // Sees the priority the second one set, in the same change.
    await trigger({
      name: `${mark} 3 follow`,
      condition: {
        'ticket.title': { operator: 'contains', value: mark },
        'ticket.priority_id': { operator: 'is', value: ['3'] },
      },
      perform: { 'ticket.tags': { operator: 'remove', value: 'shared' } },
    });
    const t = await createTicket(desk, 'agent', { title: `Order ${mark}`, customer: 'customer@example.org' });
    // The reply already carries what the triggers did.
    expect(t).toMatchObject({ priority_id: 3, state_id: 2 });
    expect(await tags(t.id)).toEqual(['first']);
    const history = await call(desk, 'admin', 'GET', `/ticket_history/${t.id}`);
    const byTrigger = history.body.history.filter((h: Json) => h.type === 'updated' && h.created_by_id === 1);
    expect(byTrigger.map((h: Json) => h.attribute)).toEqual(expect.arrayContaining(['priority', 'state']));
  });

  it('stops a ping-pong within one change, and triggers that run too often on one ticket', async () => {
    const mark = `loop-${Date.now()}`;
    await trigger({
      name: `${mark} a`,
      execution_condition_mode: 'always',
      condition: {
        'ticket.title': { operator: 'contains', value: mark },
        'ticket.priority_id': { operator: 'is', value: ['1'] },
      },
      perform: { 'ticket.priority_id': { value: '3' } },
    });
    await trigger({
      name: `${mark} b`,
      execution_condition_mode: 'always',
      condition: {
        'ticket.title': { operator: 'contains', value: mark },
        'ticket.priority_id': { operator: 'is', value: ['3'] },
      },
      perform: { 'ticket.priority_id': { value: '1' } },
    });
    const t = await createTicket(desk, 'agent', {
      title: mark,
      customer: 'customer@example.org',
      priority: '1 low',
    });
    // a: low → high, b: high → low; neither fires twice in one change.
    expect(t.priority_id).toBe(1);
    const runs = await desk.db.query<{ trigger_id: number }>(
      'SELECT trigger_id FROM trigger_runs WHERE ticket_id = $1',
      [t.id],
    );
    expect(runs).toHaveLength(2);

    configureTriggers({ maxRunsPerMinute: 3 });
    const next = await call(desk, 'agent', 'PUT', `/tickets/${t.id}`, { title: `${mark} again` });
    // The third run (a) is allowed, the fourth (b) is not: triggers stop for this ticket.
    expect(next.body.priority_id).toBe(3);
    advanceClock(61_000);
    const later = await call(desk, 'agent', 'PUT', `/tickets/${t.id}`, { priority: '1 low' });
    expect(later.body.priority_id).toBe(1);
  });
});

async function customerName(): Promise<string | undefined> {
  const rows = await desk.db.query<{ firstname: string }>(
    "SELECT firstname FROM users WHERE login = 'customer@example.org'",
  );
  return rows[0]?.firstname;
}

describe('/triggers', () => {
  it('is for admins: agents get 403', async () => {
    expect((await call(desk, 'agent', 'GET', '/triggers')).status).toBe(403);
    expect((await call(desk, 'agent', 'POST', '/triggers', { name: 'x' })).status).toBe(403);
    expect((await call(desk, 'customer', 'GET', '/triggers')).status).toBe(403);
    expect((await call(desk, 'admin', 'GET', '/triggers')).status).toBe(200);
  });

  it('refuses broken triggers with 422 and a message', async () => {
    const ok = {
      name: `bad ${Date.now()}`,
      condition: {},
      perform: { 'ticket.tags': { operator: 'add', value: 'x' } },
    };
    const cases: [Json, string][] = [
      [{ ...ok, name: '' }, "Attribute 'name' required!"],
      [
        { ...ok, condition: { 'ticket.nope': { operator: 'is', value: 1 } } },
        "unknown attribute 'ticket.nope'",
      ],
      [{ ...ok, condition: { 'ticket.action': { operator: 'is', value: 'delete' } } }, 'ticket.action'],
      [{ ...ok, perform: { 'ticket.explode': { value: 1 } } }, "unknown action 'ticket.explode'"],
      [{ ...ok, perform: { 'ticket.state_id': { value: '999' } } }, 'names no record'],
      [{ ...ok, perform: { 'notification.webhook': { webhook_id: 99999 } } }, 'does not exist'],
      [
        { ...ok, perform: { 'notification.email': { recipient: ['everyone'], subject: 's', body: 'b' } } },
        'recipient',
      ],
      [{ ...ok, activator: 'time' }, 'not supported'],
    ];
    for (const [body, message] of cases) {
      const res = await call(desk, 'admin', 'POST', '/triggers', body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error).toContain(message);
    }
  });

  it('updates and deletes a trigger', async () => {
    const t = await trigger({
      name: `crud ${Date.now()}`,
      condition: { 'ticket.action': { operator: 'is', value: 'create' } },
      perform: { 'ticket.tags': { operator: 'add', value: 'crud' } },
      active: false,
    });
    const put = await call(desk, 'admin', 'PUT', `/triggers/${t.id}`, { active: true, note: 'on' });
    expect(put.body).toMatchObject({ active: true, note: 'on' });
    expect((await call(desk, 'admin', 'DELETE', `/triggers/${t.id}`)).status).toBe(200);
    expect((await call(desk, 'admin', 'GET', `/triggers/${t.id}`)).status).toBe(404);
  });
});
