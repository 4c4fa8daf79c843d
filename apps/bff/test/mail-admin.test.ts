import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser, DEMO, deskAs, type RunningBff, startBff } from './harness.ts';

/*
 * The e-mail channel's admin view through the BFF, against the real desk: support addresses with
 * their units, received mail with the failed ones, the raw mail, "process again"; admins only.
 */

let bff: RunningBff;
beforeAll(async () => {
  bff = await startBff();
});
afterAll(async () => {
  await bff?.close();
});

async function signedIn(who: { login: string; password: string }) {
  const b = new Browser(bff.url);
  expect((await b.signIn(who)).status).toBe(200);
  return b;
}

describe('received mail for admins', () => {
  it('lists addresses and units, shows a mail that failed, hands out its bytes and processes it again', async () => {
    const garbage = `not a mail ${Date.now()}\r\n\r\nno sender\r\n`;
    const delivered = await deskAs(DEMO.admin.login, DEMO.admin.password, '/channels_email/inbound_mails', {
      method: 'POST',
      headers: { 'Content-Type': 'message/rfc822' },
      body: garbage,
    });
    expect(delivered.status).toBe(201);
    const good = await deskAs(DEMO.admin.login, DEMO.admin.password, '/channels_email/inbound_mails', {
      method: 'POST',
      headers: { 'Content-Type': 'message/rfc822' },
      body: 'From: Pat <pat@example.net>\r\nTo: egi-support@helpdesk.example.org\r\nSubject: Check-in fails\r\n\r\nHelp\r\n',
    });
    expect(good.body.status).toBe('processed');

    const admin = await signedIn(DEMO.admin);
    const all = await admin.request('/bff/agent/admin/mail');
    expect(all.status).toBe(200);
    const egi = all.body.addresses.find(
      (a: { email: string }) => a.email === 'egi-support@helpdesk.example.org',
    );
    expect(egi.units.map((u: { name: string }) => u.name)).toEqual(['EGI Support']);
    const processed = all.body.mails.find((m: { id: number }) => m.id === good.body.id);
    expect(processed).toMatchObject({
      status: 'processed',
      from: 'pat@example.net',
      subject: 'Check-in fails',
    });
    expect(processed.ticket_id).toBe(good.body.ticket_id);

    const failed = await admin.request('/bff/agent/admin/mail?status=failed');
    expect(failed.body.mails.map((m: { id: number }) => m.id)).toContain(delivered.body.id);
    expect(failed.body.counts.failed).toBeGreaterThanOrEqual(1);
    const row = failed.body.mails.find((m: { id: number }) => m.id === delivered.body.id);
    expect(row.reason).toContain('sender');

    const raw = await admin.request(`/bff/agent/admin/mail/${delivered.body.id}/raw`);
    expect(raw.status).toBe(200);
    expect(raw.headers.get('content-type')).toBe('message/rfc822');
    expect(raw.body).toBe(garbage);

    const again = await admin.request(`/bff/agent/admin/mail/${delivered.body.id}/reprocess`, {
      method: 'POST',
    });
    expect(again.status).toBe(200);
    expect(again.body.status).toBe('failed');
    const notAgain = await admin.request(`/bff/agent/admin/mail/${good.body.id}/reprocess`, {
      method: 'POST',
    });
    expect(notAgain.status).toBe(422);

    const agent = await signedIn(DEMO.agent);
    expect((await agent.request('/bff/agent/admin/mail')).status).toBe(403);
  });
});
