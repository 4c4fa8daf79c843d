import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningDesk, startDesk } from './harness.ts';
import {
  call,
  createTicket,
  type Json,
  makeOrganization,
  makeUser,
  type TestUser,
} from './ticket-fixtures.ts';

let desk: RunningDesk;
let ticket: Json; // in group Users, customer = demo customer (shared org "Demo University")
let internalArticle: Json;
let readOnly: TestUser;
let createOnly: TestUser;
let changer: TestUser;
let noGroups: TestUser;
let stranger: TestUser;
let colleague: TestUser; // same shared organization as the demo customer
let privateA: TestUser;
let privateB: TestUser; // same non-shared organization as privateA

beforeAll(async () => {
  desk = await startDesk();
  ticket = await createTicket(desk, 'customer', { title: 'matrix' });
  internalArticle = (
    await call(desk, 'agent', 'POST', '/ticket_articles', {
      ticket_id: ticket.id,
      body: 'internal',
      internal: true,
    })
  ).body;
  readOnly = await makeUser(desk, { roles: ['Agent'], groups: { 1: ['read'] } });
  createOnly = await makeUser(desk, { roles: ['Agent'], groups: { 1: ['read', 'create'] } });
  changer = await makeUser(desk, { roles: ['Agent'], groups: { 1: ['read', 'change'] } });
  noGroups = await makeUser(desk, { roles: ['Agent'] });
  stranger = await makeUser(desk, { roles: ['Customer'] });
  const demoOrg = (await call(desk, 'customer', 'GET', '/users/me')).body.organization_id;
  colleague = await makeUser(desk, { roles: ['Customer'], organizationId: demoOrg });
  const closedOrg = await makeOrganization(desk, false);
  privateA = await makeUser(desk, { roles: ['Customer'], organizationId: closedOrg });
  privateB = await makeUser(desk, { roles: ['Customer'], organizationId: closedOrg });
});
afterAll(async () => {
  await desk?.close();
});

const status = async (as: Json, method: string, path: string, body?: unknown) =>
  (await call(desk, as, method, path, body)).status;

describe('ticket permission matrix', () => {
  it('read: agents by group read access, customers own + shared organization', async () => {
    const path = `/tickets/${ticket.id}`;
    expect(await status('agent', 'GET', path)).toBe(200);
    expect(await status(readOnly.as, 'GET', path)).toBe(200);
    expect(await status(noGroups.as, 'GET', path)).toBe(403);
    expect(await status('customer', 'GET', path)).toBe(200);
    expect(await status(colleague.as, 'GET', path)).toBe(200); // shared organization
    expect(await status(stranger.as, 'GET', path)).toBe(403);
    const res = await call(desk, noGroups.as, 'GET', path);
    expect(res.body.error).toBe('Not authorized');
    const ids = (await call(desk, noGroups.as, 'GET', '/tickets')).body.map((t: Json) => t.id);
    expect(ids).not.toContain(ticket.id);
  });

  it('non-shared organizations: a customer sees only their own tickets', async () => {
    const a = await createTicket(desk, privateA.as, { title: 'private A' });
    expect(await status(privateA.as, 'GET', `/tickets/${a.id}`)).toBe(200);
    expect(await status(privateB.as, 'GET', `/tickets/${a.id}`)).toBe(403);
    expect(await status(privateB.as, 'PUT', `/tickets/${a.id}`, { title: 'hijack' })).toBe(403);
    const list = (await call(desk, privateB.as, 'GET', '/tickets')).body.map((t: Json) => t.id);
    expect(list).not.toContain(a.id);
  });

  it('update: needs change; read-only and create-only agents get 403', async () => {
    const path = `/tickets/${ticket.id}`;
    expect(await status(readOnly.as, 'PUT', path, { title: 'x' })).toBe(403);
    expect(await status(createOnly.as, 'PUT', path, { title: 'x' })).toBe(403);
    expect(await status(noGroups.as, 'PUT', path, { title: 'x' })).toBe(403);
    expect(await status(changer.as, 'PUT', path, { title: 'changed by changer' })).toBe(200);
    expect(await status('customer', 'PUT', path, { title: 'changed by customer' })).toBe(200);
    expect(await status(colleague.as, 'PUT', path, { title: 'changed by colleague' })).toBe(200);
    expect(await status(stranger.as, 'PUT', path, { title: 'x' })).toBe(403);
  });

  it('articles: create needs create access (or customer access); internal ones are agent-only', async () => {
    const post = (as: Json) => status(as, 'POST', '/ticket_articles', { ticket_id: ticket.id, body: 'hi' });
    expect(await post(readOnly.as)).toBe(403);
    expect(await post(createOnly.as)).toBe(201);
    expect(await post(noGroups.as)).toBe(403);
    expect(await post('customer')).toBe(201);
    expect(await post(stranger.as)).toBe(403);
    const path = `/ticket_articles/${internalArticle.id}`;
    expect(await status(readOnly.as, 'GET', path)).toBe(200);
    expect(await status('customer', 'GET', path)).toBe(403);
    expect(await status(colleague.as, 'GET', path)).toBe(403);
    expect(await status(noGroups.as, 'GET', path)).toBe(403);
    const byTicket = (await call(desk, colleague.as, 'GET', `/ticket_articles/by_ticket/${ticket.id}`)).body;
    expect(byTicket.map((a: Json) => a.id)).not.toContain(internalArticle.id);
    const bareTicket = (await call(desk, 'customer', 'PUT', `/tickets/${ticket.id}`, {})).body;
    expect(bareTicket.article_ids).not.toContain(internalArticle.id);
    expect(await status(readOnly.as, 'PUT', path, { internal: false })).toBe(403);
    expect(await status(changer.as, 'PUT', path, { internal: true })).toBe(200);
  });

  it('delete: admin only', async () => {
    const t = await createTicket(desk, 'customer', {});
    expect(await status('agent', 'DELETE', `/tickets/${t.id}`)).toBe(403);
    expect(await status(changer.as, 'DELETE', `/tickets/${t.id}`)).toBe(403);
    expect(await status('customer', 'DELETE', `/tickets/${t.id}`)).toBe(403);
    expect(await status('admin', 'DELETE', `/tickets/${t.id}`)).toBe(200);
  });

  it('history and merge need an agent; merge needs change on both tickets', async () => {
    expect(await status(readOnly.as, 'GET', `/ticket_history/${ticket.id}`)).toBe(200);
    expect(await status(noGroups.as, 'GET', `/ticket_history/${ticket.id}`)).toBe(403);
    expect(await status('customer', 'GET', `/ticket_history/${ticket.id}`)).toBe(403);
    const other = await createTicket(desk, 'customer', {});
    expect(await status(readOnly.as, 'PUT', `/ticket_merge/${other.id}/${ticket.number}`)).toBe(403);
  });

  it('the ticket routes do not guard unrelated routes: an admin-only user still reaches /users/me', async () => {
    const adminOnly = await makeUser(desk, { roles: ['Admin'] });
    expect(await status(adminOnly.as, 'GET', '/users/me')).toBe(200);
    expect(await status(adminOnly.as, 'GET', '/tickets')).toBe(403);
    expect(await status(adminOnly.as, 'GET', '/ticket_articles')).toBe(200);
  });
});
