import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

// Structural checks of the document itself; apps/desk/test/contract.test.ts checks it against
// the real desk.
type Json = Record<string, unknown>;
const doc = parse(readFileSync(resolve(import.meta.dirname, '../openapi.yaml'), 'utf8')) as Json;
const METHODS = ['get', 'put', 'post', 'delete', 'patch'];
const operations = Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
  METHODS.filter((m) => item[m]).map((m) => ({ path, method: m, op: item[m] as Json })),
);

function resolveRef(ref: string): unknown {
  let node: unknown = doc;
  for (const key of ref.replace(/^#\//, '').split('/')) {
    node = (node as Json | undefined)?.[key.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

function refs(node: unknown, out: string[] = []): string[] {
  if (Array.isArray(node)) for (const n of node) refs(n, out);
  else if (node && typeof node === 'object') {
    for (const [k, v] of Object.entries(node)) {
      if (k === '$ref' && typeof v === 'string') out.push(v);
      else refs(v, out);
    }
  }
  return out;
}

describe('openapi.yaml', () => {
  it('is OpenAPI 3.1 with every $ref resolvable', () => {
    expect(doc.openapi).toBe('3.1.0');
    const unresolved = [...new Set(refs(doc))].filter((r) => resolveRef(r) === undefined);
    expect(unresolved).toEqual([]);
  });

  it('has unique, readable operationIds', () => {
    const ids = operations.map((o) => o.op.operationId);
    expect(ids.every((id) => typeof id === 'string' && /^[a-z][A-Za-z]+$/.test(id))).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('declares every path parameter of every template', () => {
    for (const { path, method, op } of operations) {
      const declared = ((op.parameters as Json[] | undefined) ?? [])
        .map((p) => (typeof p.$ref === 'string' ? (resolveRef(p.$ref) as Json) : p))
        .filter((p) => p.in === 'path')
        .map((p) => p.name);
      const inTemplate = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      expect(declared.sort(), `${method} ${path}`).toEqual(inTemplate.sort());
    }
  });

  it('gives every operation one success reply and the Zammad error replies', () => {
    for (const { path, method, op } of operations) {
      const statuses = Object.keys(op.responses as Json);
      expect(
        statuses.filter((s) => s.startsWith('2')),
        `${method} ${path}`,
      ).toHaveLength(1);
      for (const s of ['401', '403', '500']) expect(statuses, `${method} ${path}`).toContain(s);
    }
  });

  it('keeps the schemas the client package exports', () => {
    const schemas = (doc.components as Json).schemas as Json;
    for (const name of ['Ticket', 'TicketArticle', 'TicketCreate', 'User', 'Error'])
      expect(schemas[name]).toBeDefined();
    // Pitfall: ticket numbers and attachment sizes are strings, ids integers.
    expect(((schemas.Ticket as Json).properties as Json).number).toEqual({ type: 'string' });
    expect(((schemas.Attachment as Json).properties as Json).size).toMatchObject({ type: 'string' });
  });

  it('describes DELETE /tickets/{id} as an empty 200 and attachments as raw bytes', () => {
    const del = ((doc.paths as Json)['/tickets/{id}'] as Json).delete as Json;
    expect(((del.responses as Json)['200'] as Json).content).toBeUndefined();
    const att = ((doc.paths as Json)['/ticket_attachment/{ticket_id}/{article_id}/{id}'] as Json).get as Json;
    expect(Object.keys(((att.responses as Json)['200'] as Json).content as Json)).toEqual(['*/*']);
  });
});
