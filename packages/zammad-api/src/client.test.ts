import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { createZammadClient, ReplyShapeError, ReplyValidator, readerView, ZammadError } from './index.ts';

const ticket = {
  id: 7,
  number: '31007',
  title: 'Printer',
  group_id: 1,
  state_id: 2,
  priority_id: 2,
  owner_id: 1,
  customer_id: 3,
  organization_id: null,
  article_count: 1,
  created_at: '2026-01-01T00:00:00.000Z',
  updated_at: '2026-01-02T00:00:00.000Z',
};

const validator = new ReplyValidator();

describe('openapi.json', () => {
  it('is openapi.yaml, regenerated (npm run generate)', () => {
    const dir = resolve(import.meta.dirname, '..');
    const yaml = parse(readFileSync(resolve(dir, 'openapi.yaml'), 'utf8'));
    expect(JSON.parse(readFileSync(resolve(dir, 'openapi.json'), 'utf8'))).toEqual(yaml);
  });
});

describe('the reader view of the document', () => {
  it('accepts extra keys and reads oneOf as anyOf, nothing else changed', () => {
    const view = readerView({
      type: 'object',
      required: ['a'],
      properties: { a: { oneOf: [{ type: 'string' }, { type: 'integer' }] } },
      additionalProperties: false,
    });
    expect(view).toEqual({
      type: 'object',
      required: ['a'],
      properties: { a: { anyOf: [{ type: 'string' }, { type: 'integer' }] } },
    });
  });
});

describe('ReplyValidator', () => {
  it('accepts a documented reply with columns the document does not know', () => {
    expect(() =>
      validator.check('GET', '/tickets/{id}', 200, { ...ticket, custom_field: 'x' }, 'Ticket'),
    ).not.toThrow();
  });

  it('refuses a reply the client could not use, saying where', () => {
    expect(() => validator.check('POST', '/tickets/search', 200, { records: 'nope' })).toThrow(
      ReplyShapeError,
    );
    const { title: _title, ...untitled } = ticket;
    expect(() => validator.check('GET', '/tickets/{id}', 200, untitled, 'Ticket')).toThrow(/title/);
  });

  it('checks the shape asked for, which must be one the operation documents', () => {
    const all = { ticket_id: 7, ticket_article_ids: [], assets: { Ticket: { 7: ticket } } };
    expect(() => validator.check('GET', '/tickets/{id}', 200, all, 'TicketAll')).not.toThrow();
    expect(() => validator.check('GET', '/tickets/{id}', 200, ticket, 'TicketAll')).toThrow(ReplyShapeError);
    expect(() => validator.check('GET', '/tickets/{id}', 200, ticket, 'Group')).toThrow(/does not document/);
  });

  it('checks the records inside assets', () => {
    const broken = { record_ids: [7], assets: { Ticket: { 7: { ...ticket, state_id: 'open' } } } };
    expect(() => validator.check('POST', '/tickets/search', 200, broken, 'AssetsList')).toThrow(/state_id/);
  });

  it('`list` wants the plain list', () => {
    expect(() => validator.check('GET', '/groups', 200, [{ id: 1, name: 'Users' }], 'list')).not.toThrow();
    expect(() => validator.check('GET', '/groups', 200, { record_ids: [], assets: {} }, 'list')).toThrow(
      /a list was expected/,
    );
  });

  it('checks any 2xx against the documented success reply', () => {
    expect(() => validator.check('POST', '/tickets', 200, ticket, 'Ticket')).not.toThrow();
    expect(() => validator.check('POST', '/tickets', 200, [], 'Ticket')).toThrow(ReplyShapeError);
  });
});

function fakeUpstream(reply: (req: Request) => Response | Promise<Response>) {
  const seen: Request[] = [];
  const client = createZammadClient({
    baseUrl: 'http://up.test',
    auth: { token: 't', onBehalfOf: 'someone@example.org' },
    timeoutMs: 200,
    fetch: async (req) => {
      seen.push(req);
      return reply(req);
    },
  });
  return { client, seen };
}

describe('createZammadClient', () => {
  it('resolves to the data, acting for the person', async () => {
    const { client, seen } = fakeUpstream(() => Response.json([{ id: 1, name: 'Users', active: true }]));
    expect(await client.GET('/groups', { expect: 'list' })).toEqual([{ id: 1, name: 'Users', active: true }]);
    expect(seen[0]?.headers.get('authorization')).toBe('Token token=t');
    expect(seen[0]?.headers.get('from')).toBe('someone@example.org');
  });

  it("rejects a non-2xx reply with the upstream's status, message and body", async () => {
    const body = { error: 'Not authorized', error_human: 'Not authorized' };
    const { client } = fakeUpstream(() => Response.json(body, { status: 403 }));
    const err = await client.GET('/groups').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ZammadError);
    expect(err).toMatchObject({ status: 403, kind: 'http', message: 'Not authorized', body });
  });

  it('rejects a reply off the document, or not JSON, as malformed', async () => {
    const off = fakeUpstream(() => Response.json({ surprise: true }));
    await expect(off.client.GET('/groups')).rejects.toMatchObject({ kind: 'malformed', status: 502 });
    const cut = fakeUpstream(
      () => new Response('[{"id": 1', { headers: { 'Content-Type': 'application/json' } }),
    );
    await expect(cut.client.GET('/groups')).rejects.toMatchObject({ kind: 'malformed' });
  });

  it('rejects a slow or absent upstream as a timeout or unreachable', async () => {
    const slow = fakeUpstream(
      (req) =>
        new Promise<Response>((_, fail) =>
          req.signal.addEventListener('abort', () => fail(req.signal.reason)),
        ),
    );
    await expect(slow.client.GET('/groups')).rejects.toMatchObject({ kind: 'timeout', status: 504 });
    const down = fakeUpstream(() => Promise.reject(new TypeError('fetch failed')));
    await expect(down.client.GET('/groups')).rejects.toMatchObject({ kind: 'unreachable', status: 0 });
  });

  it('turns every failure into the caller’s error with mapError', async () => {
    class Mine extends Error {}
    const client = createZammadClient({
      baseUrl: 'http://up.test',
      auth: { anonymous: true },
      fetch: async () => Response.json({ error: 'gone' }, { status: 404 }),
      mapError: (e) => new Mine(`${e.status} ${e.message}`),
    });
    await expect(client.GET('/groups')).rejects.toEqual(new Mine('404 gone'));
  });
});
