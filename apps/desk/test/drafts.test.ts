import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDesk, SERVICE_TOKEN, startDesk } from './harness.ts';
import { call, createTicket, type Json, makeGroup, makeUser, type TestUser } from './ticket-fixtures.ts';

let desk: RunningDesk;
let groupG: number;
let ticket: Json; // in G
let colleague: TestUser; // full on G
let reader: TestUser; // read on G only
let creator: TestUser; // create on G only

const path = () => `/tickets/${ticket.id}/shared_draft`;

beforeAll(async () => {
  desk = await startDesk();
  groupG = await makeGroup(desk);
  colleague = await makeUser(desk, { roles: ['Agent'], groups: { [groupG]: ['full'] } });
  reader = await makeUser(desk, { roles: ['Agent'], groups: { [groupG]: ['read'] } });
  creator = await makeUser(desk, { roles: ['Agent'], groups: { [groupG]: ['create'] } });
  ticket = await createTicket(desk, 'agent', { group_id: groupG, customer: 'customer@example.org' });
});
afterAll(async () => {
  await desk?.close();
});

describe('ticket reply drafts: /tickets/:ticket_id/shared_draft', () => {
  it('no draft yet: shared_draft_id null', async () => {
    const r = await call(desk, 'agent', 'GET', path());
    expect(r.status).toBe(200);
    expect(r.body).toEqual({ shared_draft_id: null, assets: null });
  });

  it('saves on one device and loads on another; overwrites keep one draft, last write wins', async () => {
    const a = await call(desk, 'agent', 'PUT', path(), {
      form_id: '12345',
      new_article: { body: '<p>Dear Chris, first words</p>', type: 'email', internal: false },
      ticket_attributes: { state_id: '2' },
    });
    expect(a.status).toBe(200);
    const id = a.body.shared_draft_id;
    expect(typeof id).toBe('number');
    const savedA = a.body.assets.TicketSharedDraftZoom[String(id)];
    expect(savedA.ticket_id).toBe(ticket.id);
    expect(savedA.new_article.body).toBe('<p>Dear Chris, first words</p>');

    // "another device": a different credential of the same agent (the BFF's token acting as the agent)
    const device2 = { token: SERVICE_TOKEN, from: 'agent@example.org' };
    const b = await call(desk, device2, 'GET', path());
    expect(b.status).toBe(200);
    expect(b.body.shared_draft_id).toBe(id);
    const loaded = b.body.assets.TicketSharedDraftZoom[String(id)];
    expect(loaded.new_article).toEqual(savedA.new_article);
    expect(loaded.ticket_attributes).toEqual({ state_id: '2' });

    // a colleague continues the same draft: same id, their text, their name as last editor
    const c = await call(desk, colleague.as, 'PUT', path(), {
      new_article: { body: '<p>Dear Chris, better words</p>', type: 'email' },
    });
    expect(c.body.shared_draft_id).toBe(id);
    const now = c.body.assets.TicketSharedDraftZoom[String(id)];
    expect(now.new_article.body).toBe('<p>Dear Chris, better words</p>');
    expect(now.ticket_attributes).toEqual({ state_id: '2' }); // untouched when not sent
    expect(now.updated_by_id).toBe(colleague.id);
    expect(now.created_by_id).not.toBe(colleague.id);
    expect(new Date(now.updated_at).getTime()).toBeGreaterThanOrEqual(new Date(savedA.updated_at).getTime());
    expect(c.body.assets.User[String(colleague.id)]).toBeDefined();
    const rows = await desk.db.query('SELECT id FROM ticket_shared_draft_zooms WHERE ticket_id = $1', [
      ticket.id,
    ]);
    expect(rows).toHaveLength(1);

    const back = await call(desk, 'agent', 'GET', path());
    expect(back.body.assets.TicketSharedDraftZoom[String(id)].new_article.body).toBe(
      '<p>Dear Chris, better words</p>',
    );
  });

  it('needs agent change access on the ticket', async () => {
    for (const as of [reader.as, creator.as]) {
      const r = await call(desk, as, 'GET', path());
      expect(r.status).toBe(403);
      expect(r.body.error).toBe('Not authorized');
      expect((await call(desk, as, 'PUT', path(), { new_article: { body: 'x' } })).status).toBe(403);
      expect((await call(desk, as, 'DELETE', path())).status).toBe(403);
    }
    const cust = await call(desk, 'customer', 'GET', path());
    expect(cust.status).toBe(403);
    expect(cust.body.error).toBe('User authorization failed.');
    expect((await call(desk, 'none', 'GET', path())).status).toBe(403);
    expect((await call(desk, 'agent', 'GET', '/tickets/999999/shared_draft')).status).toBe(404);
    const bad = await call(desk, 'agent', 'PUT', path(), { new_article: 'not json' });
    expect(bad.status).toBe(422);
  });

  it('deletes; deleting again is a 404', async () => {
    const before = (await call(desk, 'agent', 'GET', path())).body.shared_draft_id;
    const d = await call(desk, 'agent', 'DELETE', path());
    expect(d.status).toBe(200);
    expect(d.body).toEqual({ shared_draft_id: before });
    expect((await call(desk, 'agent', 'GET', path())).body.shared_draft_id).toBeNull();
    expect((await call(desk, 'agent', 'DELETE', path())).status).toBe(404);
  });

  it('the draft goes when its ticket is deleted', async () => {
    const t = await createTicket(desk, 'agent', { group_id: groupG, customer: 'customer@example.org' });
    await call(desk, 'agent', 'PUT', `/tickets/${t.id}/shared_draft`, { new_article: { body: 'x' } });
    expect((await call(desk, 'admin', 'DELETE', `/tickets/${t.id}`)).status).toBe(200);
    const rows = await desk.db.query('SELECT id FROM ticket_shared_draft_zooms WHERE ticket_id = $1', [t.id]);
    expect(rows).toHaveLength(0);
  });
});

describe('new-ticket drafts per group: /tickets/shared_drafts', () => {
  let draftId: number;

  it('creates, lists (without content) and shows (with content)', async () => {
    const r = await call(desk, creator.as, 'POST', '/tickets/shared_drafts', {
      name: 'Storage request template',
      group_id: groupG,
      content: { title: 'Storage', body: '<p>We need</p>' },
      form_id: '42',
    });
    expect(r.status).toBe(200);
    draftId = r.body.shared_draft_id;
    const asset = r.body.assets.TicketSharedDraftStart[String(draftId)];
    expect(asset.name).toBe('Storage request template');
    expect(asset.group_id).toBe(groupG);
    expect(asset.content).toBeUndefined();

    const list = await call(desk, colleague.as, 'GET', '/tickets/shared_drafts');
    expect(list.body.shared_draft_ids).toContain(draftId);
    const filtered = await call(desk, colleague.as, 'GET', `/tickets/shared_drafts?group_id=1`);
    expect(filtered.body.shared_draft_ids).not.toContain(draftId);
    const show = await call(desk, colleague.as, 'GET', `/tickets/shared_drafts/${draftId}`);
    expect(show.body.shared_draft_content).toEqual({ title: 'Storage', body: '<p>We need</p>' });
  });

  it('is scoped to groups with create access', async () => {
    expect(
      (await call(desk, reader.as, 'GET', '/tickets/shared_drafts')).body.shared_draft_ids,
    ).not.toContain(draftId);
    expect((await call(desk, reader.as, 'GET', `/tickets/shared_drafts/${draftId}`)).status).toBe(404);
    expect(
      (await call(desk, reader.as, 'PUT', `/tickets/shared_drafts/${draftId}`, { name: 'x' })).status,
    ).toBe(404);
    const noAccess = await call(desk, reader.as, 'POST', '/tickets/shared_drafts', {
      name: 'x',
      group_id: groupG,
    });
    expect(noAccess.status).toBe(422);
    expect(noAccess.body.error).toBe('This user does not have access to the given group');
    expect(
      (await call(desk, creator.as, 'POST', '/tickets/shared_drafts', { group_id: groupG })).status,
    ).toBe(422);
    expect((await call(desk, 'customer', 'GET', '/tickets/shared_drafts')).status).toBe(403);
  });

  it('updates and deletes', async () => {
    const up = await call(desk, colleague.as, 'PUT', `/tickets/shared_drafts/${draftId}`, {
      content: { title: 'Storage v2' },
    });
    expect(up.status).toBe(200);
    expect(up.body.assets.TicketSharedDraftStart[String(draftId)].updated_by_id).toBe(colleague.id);
    expect(
      (await call(desk, creator.as, 'GET', `/tickets/shared_drafts/${draftId}`)).body.shared_draft_content,
    ).toEqual({
      title: 'Storage v2',
    });
    const del = await call(desk, creator.as, 'DELETE', `/tickets/shared_drafts/${draftId}`);
    expect(del.body).toEqual({ shared_draft_id: draftId });
    expect((await call(desk, creator.as, 'GET', `/tickets/shared_drafts/${draftId}`)).status).toBe(404);
  });
});
