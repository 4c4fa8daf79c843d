import type { AddressInfo } from 'node:net';
import { defaultNotificationMatrix } from '@eosc/zammad-api/notification-config';
import { type ParsedMail, simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { deskJobKinds } from '../src/jobs/kinds.ts';
import { Worker } from '../src/jobs/worker.ts';
import { createMailer } from '../src/lib/mail.ts';
import { type RunningDesk, startDesk } from './harness.ts';
import { call, createTicket, type Json, makeGroup, makeUser, type TestUser } from './ticket-fixtures.ts';

/*
 * Notification mails (issue 14, point 3) through a real SMTP server and a real mail parser: the
 * agents of a ticket's group are told per their matrix (Zammad's notification_config), each in
 * their language, never the one who made the change; settings are changed through Zammad's own
 * `PUT /users/preferences`, and the next mail follows them.
 */

const PUBLIC_URL = 'http://helpdesk.test';
const received: ParsedMail[] = [];
/** Recipients refused (temporarily) while listed. */
const refused = new Set<string>();
let smtp: SMTPServer;
let desk: RunningDesk;
let worker: Worker;
let group: number;
let groupName: string;

beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!refused.has(address.address)) return callback();
      callback(Object.assign(new Error('mailbox busy'), { responseCode: 451 }));
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
    publicUrl: PUBLIC_URL,
  });
  desk = await startDesk({ mailer });
  worker = new Worker(desk.db, deskJobKinds({ mailer }));
  group = await makeGroup(desk);
  groupName = (await desk.db.query<{ name: string }>('SELECT name FROM groups WHERE id = $1', [group]))[0]
    ?.name as string;
});

afterAll(async () => {
  await desk?.close();
  await new Promise<void>((ok) => (smtp ? smtp.close(() => ok()) : ok()));
});

const mailsTo = (u: TestUser | string) => {
  const address = typeof u === 'string' ? u : u.login;
  return received.filter((m) => !Array.isArray(m.to) && m.to?.value.some((v) => v.address === address));
};

const agent = (prefix: string) => makeUser(desk, { roles: ['Agent'], groups: { [group]: ['full'] }, prefix });

async function preferences(who: TestUser, body: unknown) {
  return call(desk, who.as, 'PUT', '/users/preferences', body);
}

/** The matrix with e-mail for new tickets off for every criterion. */
function noNewTicketMail() {
  const matrix = defaultNotificationMatrix();
  matrix.create.channel.email = false;
  return matrix;
}

async function newTicket(title: string, extra: Record<string, unknown> = {}): Promise<Json> {
  return createTicket(desk, 'admin', { title, group: groupName, customer: 'customer@example.org', ...extra });
}

describe('notification mails', () => {
  it('mails a new ticket to the group agents whose matrix says so, never to the actor', async () => {
    const wants = await agent('wants');
    const declines = await agent('declines');
    expect((await preferences(declines, { notification_config: { matrix: noNewTicketMail() } })).status).toBe(
      200,
    );

    const t = await newTicket('Storage quota exceeded', {
      article: { body: 'My quota is full.', type: 'note' },
    });
    await worker.runDue();

    const mails = mailsTo(wants);
    expect(mails).toHaveLength(1);
    const mail = mails[0] as ParsedMail;
    expect(mail.subject).toBe(`New ticket (Storage quota exceeded) [Ticket#${t.number}]`);
    expect(mail.text).toContain('Ada Admin created a new ticket in');
    expect(mail.text).toContain('> My quota is full.');
    expect(mail.text).toContain(`${PUBLIC_URL}/agent/tickets/${t.id}`);
    expect(mail.text).toContain(`${PUBLIC_URL}/profile#notifications`);
    expect(mail.html).toContain(`href="${PUBLIC_URL}/profile#notifications"`);
    expect(mail.headers.get('list-unsubscribe') ?? mail.headers.get('list')).toBeTruthy();
    expect(String(mail.headerLines.find((h) => h.key === 'list-unsubscribe')?.line)).toContain(
      `<${PUBLIC_URL}/profile#notifications>`,
    );
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.headers.get('precedence')).toBe('bulk');
    expect(mail.headers.get('x-loop')).toBe('support@helpdesk.test');
    expect(mail.inReplyTo).toBe(`<ticket.${t.number}@helpdesk.test>`);
    expect(mail.messageId).toMatch(/^<notification\./);

    expect(mailsTo(declines)).toHaveLength(0);
    // The admin made the change: never told, though the default matrix covers unassigned tickets.
    expect(mailsTo('admin@example.org').filter((m) => m.subject?.includes(t.number))).toHaveLength(0);
  });

  it('mails the new owner on assignment, a mentioned agent, and the owner on a customer reply', async () => {
    const owner = await agent('owner');
    const colleague = await agent('colleague');
    // Only their own tickets and mentions: no mail for every ticket of the group.
    for (const who of [owner, colleague]) {
      const matrix = defaultNotificationMatrix();
      matrix.create.criteria.owned_by_nobody = false;
      matrix.update.criteria.owned_by_nobody = false;
      expect((await preferences(who, { notification_config: { matrix } })).status).toBe(200);
    }
    const t = await newTicket('VM does not boot');
    await worker.runDue();
    expect(mailsTo(owner)).toHaveLength(0);

    const assign = await call(desk, 'admin', 'PUT', `/tickets/${t.id}`, { owner_id: owner.id });
    expect(assign.status).toBe(200);
    await worker.runDue();
    expect(mailsTo(owner).map((m) => m.subject)).toEqual([
      `Ticket assigned to you (VM does not boot) [Ticket#${t.number}]`,
    ]);
    expect(mailsTo(owner)[0]?.text).toMatch(/Owner: - → Test owner/);

    const mention = await call(desk, 'admin', 'POST', '/ticket_articles', {
      ticket_id: t.id,
      body: `<p>Can you look, <a href="#user/profile/${colleague.id}" data-mention-user-id="${colleague.id}">colleague</a>?</p>`,
      content_type: 'text/html',
      type: 'note',
      internal: true,
    });
    expect(mention.status).toBe(201);
    await worker.runDue();
    const mentioned = mailsTo(colleague);
    expect(mentioned.map((m) => m.subject)).toEqual([
      `You were mentioned (VM does not boot) [Ticket#${t.number}]`,
    ]);
    expect(mentioned[0]?.text).toContain('Can you look, colleague?');
    // The owner hears of the note as an update of their ticket.
    expect(mailsTo(owner).at(-1)?.subject).toBe(`Updated ticket (VM does not boot) [Ticket#${t.number}]`);

    const before = mailsTo(owner).length;
    const reply = await call(desk, 'customer', 'POST', '/ticket_articles', {
      ticket_id: t.id,
      body: 'It boots again after the reset, thanks!',
      type: 'web',
      internal: false,
    });
    expect(reply.status).toBe(201);
    await worker.runDue();
    const ownerMails = mailsTo(owner);
    expect(ownerMails).toHaveLength(before + 1);
    expect(ownerMails.at(-1)?.subject).toBe(`Updated ticket (VM does not boot) [Ticket#${t.number}]`);
    expect(ownerMails.at(-1)?.text).toContain('It boots again after the reset, thanks!');
    expect(ownerMails.at(-1)?.text).toContain('you are the owner of this ticket');
  });

  it("mails the owner a ticket's escalation warning and its escalation, once each", async () => {
    const owner = await agent('due-owner');
    const t = await newTicket('Data transfer stuck');
    expect((await call(desk, 'admin', 'PUT', `/tickets/${t.id}`, { owner_id: owner.id })).status).toBe(200);
    await worker.runDue();
    const before = mailsTo(owner).length;
    // Due times as an SLA would set them: the warning has passed, the escalation not yet.
    await desk.db.query(
      `UPDATE tickets SET escalation_warning_at = now() - interval '1 minute',
              escalation_at = now() + interval '1 hour' WHERE id = $1`,
      [t.id],
    );
    await worker.runDue();
    await desk.db.query("UPDATE jobs SET run_at = now() WHERE kind IN ('escalation', 'notify_mail')");
    await worker.runDue();
    await worker.runDue();
    const warned = mailsTo(owner).slice(before);
    expect(warned.map((m) => m.subject)).toEqual([
      `Ticket escalation warning (Data transfer stuck) [Ticket#${t.number}]`,
    ]);
    expect(warned[0]?.text).toContain(`${PUBLIC_URL}/agent/tickets/${t.id}`);
    // Now past due: the escalation, once; running the worker again mails nothing more.
    await desk.db.query("UPDATE tickets SET escalation_at = now() - interval '1 minute' WHERE id = $1", [
      t.id,
    ]);
    for (let i = 0; i < 3; i++) {
      await desk.db.query("UPDATE jobs SET run_at = now() WHERE kind IN ('escalation', 'notify_mail')");
      await worker.runDue();
    }
    expect(
      mailsTo(owner)
        .slice(before)
        .map((m) => m.subject),
    ).toEqual([
      `Ticket escalation warning (Data transfer stuck) [Ticket#${t.number}]`,
      `Ticket escalated (Data transfer stuck) [Ticket#${t.number}]`,
    ]);
  });

  it('writes German to a German recipient and escapes every value in the HTML part', async () => {
    const german = await agent('german');
    expect((await preferences(german, { locale: 'de-de' })).status).toBe(200);
    const t = await newTicket('<script>alert("x")</script> Zugang & Rechte', {
      article: { body: '<b>bold</b> & <i>more</i>', type: 'note', content_type: 'text/plain' },
    });
    await worker.runDue();
    const mail = mailsTo(german)[0] as ParsedMail;
    expect(mail.subject).toBe(
      `Neues Ticket (<script>alert("x")</script> Zugang & Rechte) [Ticket#${t.number}]`,
    );
    expect(mail.text).toContain('Ada Admin hat ein neues Ticket in');
    expect(mail.text).toContain('Einstellen, welche Benachrichtigungen Sie erhalten');
    const html = mail.html as string;
    expect(html).not.toContain('<script>');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; Zugang &amp; Rechte');
    expect(html).toContain('&lt;b&gt;bold&lt;/b&gt; &amp; &lt;i&gt;more&lt;/i&gt;');
    expect(html).not.toContain('<b>bold</b>');
  });

  it('follows a changed matrix on the next mail, and the groups an agent limits to', async () => {
    const agentX = await agent('matrix');
    await newTicket('First with defaults');
    await worker.runDue();
    expect(mailsTo(agentX)).toHaveLength(1);

    expect((await preferences(agentX, { notification_config: { matrix: noNewTicketMail() } })).status).toBe(
      200,
    );
    const me = await call(desk, agentX.as, 'GET', '/users/me');
    expect(me.body.preferences.notification_config.matrix.create.channel).toEqual({
      email: false,
      online: true,
    });
    await newTicket('Second while off');
    // Turned back on before the worker ran: the settings at the time of the change count.
    expect((await call(desk, agentX.as, 'POST', '/users/preferences_notifications_reset')).status).toBe(200);
    const reset = await call(desk, agentX.as, 'GET', '/users/me');
    expect(reset.body.preferences.notification_config.matrix).toEqual(defaultNotificationMatrix());
    await newTicket('Third after reset');
    await worker.runDue();
    expect(mailsTo(agentX).map((m) => m.subject?.split(' [')[0])).toEqual([
      'New ticket (First with defaults)',
      'New ticket (Third after reset)',
    ]);

    // Limited to the demo group "Users": tickets of this group no longer count as "not assigned".
    const users = (await desk.db.query<{ id: number }>("SELECT id FROM groups WHERE name = 'Users'"))[0]?.id;
    await desk.db.query("INSERT INTO groups_users (user_id, group_id, access) VALUES ($1, $2, 'full')", [
      agentX.id,
      users,
    ]);
    expect((await preferences(agentX, { notification_config: { group_ids: [String(users)] } })).status).toBe(
      200,
    );
    await newTicket('Fourth outside my groups');
    await worker.runDue();
    expect(mailsTo(agentX)).toHaveLength(2);
  });

  it('mails each recipient once when the server refuses some of them for a while', async () => {
    const busy = await agent('busy');
    const calm = await agent('calm');
    refused.add(busy.login);
    const t = await newTicket('Retry me');
    const ran = await worker.runDue();
    expect(ran.find((r) => r.kind === 'notify_mail')?.error).toMatch(/not sent.*mailbox busy/);
    expect(mailsTo(calm)).toHaveLength(1);
    expect(mailsTo(busy)).toHaveLength(0);
    const job = (
      await desk.db.query<{ id: number; payload: { sent: number[] } }>(
        "SELECT id, payload FROM jobs WHERE kind = 'notify_mail' AND (payload->>'ticket_id')::int = $1",
        [t.id],
      )
    )[0];
    expect(job?.payload.sent).toContain(calm.id);

    refused.delete(busy.login);
    await worker.runNow(job?.id as number);
    expect(mailsTo(busy)).toHaveLength(1);
    expect(mailsTo(calm)).toHaveLength(1);
  });

  it('refuses bad preferences with 422 and keeps customers to their own toggles', async () => {
    const someone = await agent('strict');
    const bad: unknown[] = [
      { notification_config: { matrix: { create: { criteria: { owned_by_me: 'yes' } } } } },
      { notification_config: { matrix: { create: { ...defaultNotificationMatrix().create, extra: 1 } } } },
      { notification_config: { matrix: { deleted: defaultNotificationMatrix().create } } },
      { notification_config: { group_ids: ['abc'] } },
      { notification_config: { group_ids: [999999] } },
      { notification_config: 'all' },
      { locale: 'klingon-language' },
    ];
    for (const body of bad) {
      const res = await preferences(someone, body);
      expect(res.status, JSON.stringify(body)).toBe(422);
      expect(res.body.error).toMatch(/Invalid value|no access/);
    }
    const customerMatrix = await call(desk, 'customer', 'PUT', '/users/preferences', {
      notification_config: { matrix: defaultNotificationMatrix() },
    });
    expect(customerMatrix.status).toBe(422);
    const toggles = await call(desk, 'customer', 'PUT', '/users/preferences', {
      notification_config: { customer: { reply: false, state: true } },
    });
    expect(toggles.status).toBe(200);
    const me = await call(desk, 'customer', 'GET', '/users/me');
    expect(me.body.preferences.notification_config).toEqual({ customer: { reply: false, state: true } });
    // Only one's own preferences, and only signed in (the desk's answer to anonymous calls: 403).
    expect((await call(desk, 'none', 'PUT', '/users/preferences', { locale: 'de' })).status).toBe(403);
  });
});
