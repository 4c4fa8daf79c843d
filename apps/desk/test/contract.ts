import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

/**
 * The desk's contract: packages/zammad-api/openapi.yaml. `checkReply` validates a real reply
 * against the documented operation, so every desk test that goes through `desk.api` is also a
 * contract test.
 */

export const OPENAPI_PATH = resolve(import.meta.dirname, '../../../packages/zammad-api/openapi.yaml');
const API_PREFIX = '/api/v1';
const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options'] as const;

type Json = Record<string, unknown>;

interface ResponseSpec {
  /** Media types of the documented reply; empty = the reply has no body. */
  mediaTypes: string[];
  /** Validator of the JSON body, when the reply is JSON. */
  validate?: ValidateFunction;
}

export interface Operation {
  method: string;
  /** The documented template, e.g. `/tickets/{id}` (without `/api/v1`). */
  template: string;
  operationId: string;
  responses: Map<string, ResponseSpec>;
  matcher: RegExp;
  /** Literal segments: a literal path (`/tickets/search`) wins over a template (`/tickets/{id}`). */
  literals: number;
}

export class ContractError extends Error {
  override name = 'ContractError';
}

// ajv-formats is CommonJS with a default export; under ESM interop it may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

function escapePointer(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

function pointer(doc: Json, ref: string): unknown {
  if (!ref.startsWith('#/')) throw new ContractError(`only local $refs are supported: ${ref}`);
  let node: unknown = doc;
  for (const raw of ref.slice(2).split('/')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    node = (node as Json | undefined)?.[key];
    if (node === undefined) throw new ContractError(`unresolved $ref ${ref}`);
  }
  return node;
}

/** Regex of a path template; each parameter matches one segment, integers only digits. */
function templateMatcher(template: string, parameters: Json[]): RegExp {
  const types = new Map(
    parameters
      .filter((p) => p.in === 'path')
      .map((p) => [p.name as string, ((p.schema as Json | undefined)?.type as string) ?? 'string']),
  );
  const source = template
    .split('/')
    .map((seg) => {
      const m = /^\{(.+)\}$/.exec(seg);
      if (!m) return seg.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
      return types.get(m[1] as string) === 'integer' ? '[0-9]+' : '[^/]+';
    })
    .join('/');
  return new RegExp(`^${source}$`);
}

/** The loaded document and its compiled reply validators. */
export class Contract {
  readonly doc: Json;
  readonly operations: Operation[] = [];
  private readonly ajv: Ajv2020;

  constructor(text = readFileSync(OPENAPI_PATH, 'utf8')) {
    this.doc = parse(text) as Json;
    // Not strict: the document carries OpenAPI keywords (paths, info, ...) beside the schemas.
    this.ajv = new Ajv2020({ strict: false, allErrors: true, validateFormats: true });
    addFormats(this.ajv);
    this.ajv.addSchema(this.doc, 'openapi');
    const paths = (this.doc.paths ?? {}) as Record<string, Json>;
    for (const [template, item] of Object.entries(paths)) {
      for (const method of METHODS) {
        const op = item[method] as Json | undefined;
        if (!op) continue;
        const parameters = [...((item.parameters as Json[]) ?? []), ...((op.parameters as Json[]) ?? [])].map(
          (p) => (typeof p.$ref === 'string' ? (pointer(this.doc, p.$ref) as Json) : p),
        );
        const responses = new Map<string, ResponseSpec>();
        for (const [status, raw] of Object.entries((op.responses ?? {}) as Record<string, Json>)) {
          let location = `#/paths/${escapePointer(template)}/${method}/responses/${status}`;
          let response = raw;
          while (typeof response.$ref === 'string') {
            location = response.$ref;
            response = pointer(this.doc, response.$ref) as Json;
          }
          const content = (response.content ?? {}) as Record<string, Json>;
          const spec: ResponseSpec = { mediaTypes: Object.keys(content) };
          if (content['application/json']?.schema) {
            spec.validate = this.ajv.compile({
              $ref: `openapi${location}/content/application~1json/schema`,
            });
          }
          responses.set(status, spec);
        }
        this.operations.push({
          method: method.toUpperCase(),
          template,
          operationId: String(op.operationId ?? `${method} ${template}`),
          responses,
          matcher: templateMatcher(template, parameters),
          literals: template.split('/').filter((s) => s && !s.startsWith('{')).length,
        });
      }
    }
  }

  /** The documented operation serving `method path` (path with or without `/api/v1` and query). */
  find(method: string, path: string): Operation | undefined {
    let p = path.split('?')[0] as string;
    if (p.startsWith(API_PREFIX)) p = p.slice(API_PREFIX.length);
    if (p.length > 1) p = p.replace(/\/+$/, '');
    const m = method.toUpperCase();
    const candidates = this.operations.filter((op) => op.method === m && op.matcher.test(p));
    candidates.sort((a, b) => b.literals - a.literals);
    return candidates[0];
  }

  /**
   * Throws a ContractError when the reply does not match the documented operation: an
   * undocumented status, a JSON body off its schema, a body where none is documented, or a JSON
   * reply without `application/json; charset=utf-8`-style content type. `body` is the parsed JSON,
   * or undefined for an empty body. Routes that are not documented at all are an error too.
   */
  checkReply(method: string, path: string, status: number, body: unknown, contentType?: string | null): void {
    const op = this.find(method, path);
    const where = `${method.toUpperCase()} ${path.split('?')[0]} → ${status}`;
    if (!op) throw new ContractError(`${where}: no operation in openapi.yaml serves this route`);
    const spec = op.responses.get(String(status)) ?? op.responses.get(`${String(status)[0]}XX`);
    if (!spec) {
      const documented = [...op.responses.keys()].join(', ');
      throw new ContractError(
        `${where}: status ${status} is not documented for ${op.operationId} (documented: ${documented})${describeBody(body)}`,
      );
    }
    if (spec.mediaTypes.length === 0) {
      if (body !== undefined && body !== '')
        throw new ContractError(`${where}: ${op.operationId} documents an empty body, got ${preview(body)}`);
      return;
    }
    if (!spec.validate) return; // raw bytes (attachments): only the status is part of the contract
    if (contentType !== undefined && contentType !== null && !/^application\/json;/.test(contentType))
      throw new ContractError(
        `${where}: ${op.operationId} replies JSON, but Content-Type is "${contentType}" (PHP needs "application/json;")`,
      );
    if (body === undefined)
      throw new ContractError(`${where}: ${op.operationId} documents a JSON body, got none`);
    if (!spec.validate(body)) {
      throw new ContractError(
        `${where}: the reply does not match ${op.operationId}'s schema:\n${formatErrors(spec.validate.errors ?? [])}\nbody: ${preview(body)}`,
      );
    }
  }
}

function describeBody(body: unknown): string {
  return body === undefined ? '' : `; body: ${preview(body)}`;
}

function preview(body: unknown): string {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  return text.length > 600 ? `${text.slice(0, 600)}…` : text;
}

/** Ajv's errors, deepest first, one line each; oneOf's per-branch noise is kept short. */
export function formatErrors(errors: ErrorObject[]): string {
  const lines = errors.map((e) => {
    const at = e.instancePath || '(root)';
    const extra =
      e.keyword === 'additionalProperties'
        ? ` '${String((e.params as { additionalProperty?: string }).additionalProperty)}'`
        : e.keyword === 'required'
          ? ''
          : e.keyword === 'const' || e.keyword === 'enum'
            ? ` ${JSON.stringify((e.params as { allowedValue?: unknown; allowedValues?: unknown }).allowedValue ?? (e.params as { allowedValues?: unknown }).allowedValues)}`
            : '';
    return `  - ${at} ${e.message ?? e.keyword}${extra} [${e.schemaPath}]`;
  });
  const unique = [...new Set(lines)];
  return unique.length > 25
    ? [...unique.slice(0, 25), `  … ${unique.length - 25} more`].join('\n')
    : unique.join('\n');
}

let shared: Contract | undefined;

/** The contract of openapi.yaml, loaded once per test file. */
export function contract(): Contract {
  shared ??= new Contract();
  return shared;
}

/** See Contract.checkReply. */
export function checkReply(
  method: string,
  path: string,
  status: number,
  body: unknown,
  contentType?: string | null,
): void {
  contract().checkReply(method, path, status, body, contentType);
}

/** Whether openapi.yaml documents the route (path with or without `/api/v1`). */
export function isDocumented(method: string, path: string): boolean {
  return contract().find(method, path) !== undefined;
}

/**
 * Validates a reply obtained through the test harness, when its route is documented; the
 * Response is cloned, so the caller can still read the body.
 */
export async function checkResponse(method: string, path: string, res: Response): Promise<void> {
  if (!isDocumented(method, path)) return;
  const text = await res.clone().text();
  const type = res.headers.get('content-type');
  let body: unknown;
  if (text === '') body = undefined;
  else if (type?.includes('json')) {
    try {
      body = JSON.parse(text);
    } catch {
      throw new ContractError(
        `${method} ${path} → ${res.status}: the reply is not valid JSON: ${preview(text)}`,
      );
    }
  } else body = text;
  // Raw replies (attachments) are checked by status only; JSON ones by status, type and schema.
  checkReply(method, path, res.status, body, type);
}
