import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Ajv2020, type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';

/*
 * Checks upstream replies against openapi.yaml, read as a tolerant reader reads it. The document
 * is the desk's exact contract (apps/desk/test/contract.ts holds the desk to it); a client of any
 * Zammad-compatible server needs less:
 *
 * - extra keys are fine: a real Zammad adds columns and custom fields (`additionalProperties:
 *   false` is dropped);
 * - a reply is one of the documented shapes, not exactly one (`oneOf` becomes `anyOf`: once
 *   extra keys are allowed shapes may overlap, and anyOf stops at the first that fits);
 * - `format` is not checked (an annotation in JSON Schema 2020-12; the reader parses dates itself).
 *
 * Everything the document requires stays required, so a reply the client could not use (a
 * missing record, a list where an object was documented) fails. Validators are compiled lazily,
 * once per operation, status and expected shape, from one parse of the document.
 */

type Json = Record<string, unknown>;

/** openapi.yaml as JSON, written by `npm run generate` (JSON parses in milliseconds, the YAML in about a second). */
// Resolved by the package's name, so the path holds when this module is bundled into a server
// (scripts/build-servers.mjs) as much as when it runs from its source.
const DOC_PATH = createRequire(import.meta.url).resolve('@eosc/zammad-api/openapi.json');

/** A reply that does not fit the document: what was expected and the first mismatch. */
export class ReplyShapeError extends Error {
  override name = 'ReplyShapeError';
}

/** The document as a tolerant reader sees it (see above). Pure: returns a transformed copy. */
export function readerView(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(readerView);
  if (!node || typeof node !== 'object') return node;
  const out: Json = {};
  for (const [key, value] of Object.entries(node as Json)) {
    if (key === 'additionalProperties' && value === false) continue;
    if (key === 'oneOf' && Array.isArray(value)) out.anyOf = value.map(readerView);
    else out[key] = readerView(value);
  }
  return out;
}

const escapePointer = (segment: string) => segment.replace(/~/g, '~0').replace(/\//g, '~1');

export class ReplyValidator {
  private readonly ajv: Ajv2020;
  private readonly doc: Json;
  private readonly compiled = new Map<string, ValidateFunction | null>();

  constructor(doc: unknown = JSON.parse(readFileSync(DOC_PATH, 'utf8'))) {
    this.doc = readerView(doc) as Json;
    // Not strict: the document carries OpenAPI keywords beside the schemas. No formats, one
    // error; the document itself is checked by its own tests, not again at every start.
    this.ajv = new Ajv2020({
      strict: false,
      validateFormats: false,
      allErrors: false,
      validateSchema: false,
    });
    this.ajv.addSchema(this.doc, 'openapi');
  }

  /**
   * Throws a ReplyShapeError unless `body` fits the success reply documented for `method
   * template` (any 2xx status is checked against the one documented success reply). With
   * `expect`, the body must fit that component schema, which must be one of the documented
   * shapes of the reply (e.g. `TicketAll` for `GET /tickets/{id}?all=true`); `list`: the reply
   * must be its documented list (the plain records, without `full`).
   */
  check(method: string, template: string, status: number, body: unknown, expect?: string): void {
    const component = expect === 'list' ? undefined : expect;
    const validate = this.validator(method.toLowerCase(), template, status, component);
    const what = () => `${method.toUpperCase()} ${template} → ${status}${expect ? ` (${expect})` : ''}`;
    if (validate && !validate(body))
      throw new ReplyShapeError(`${what()}: ${describe(validate.errors ?? [], body)}`);
    if (expect === 'list' && !Array.isArray(body))
      throw new ReplyShapeError(`${what()}: a list was expected, found ${kindOf(body)}`);
  }

  /**
   * Compiles the checks of these replies now (the first compile of a large reply, a ticket with
   * `all`, takes a few hundred milliseconds), e.g. at start rather than on someone's request.
   */
  prepare(replies: readonly [method: string, template: string, expect?: string][]): void {
    for (const [method, template, expect] of replies)
      this.validator(method.toLowerCase(), template, 200, expect === 'list' ? undefined : expect);
  }

  private validator(method: string, template: string, status: number, expect?: string) {
    const key = `${method} ${template} ${status} ${expect ?? ''}`;
    let fn = this.compiled.get(key);
    if (fn === undefined) {
      fn = this.compile(method, template, status, expect);
      this.compiled.set(key, fn);
    }
    return fn;
  }

  private compile(method: string, template: string, status: number, expect?: string) {
    const op = ((this.doc.paths as Json | undefined)?.[template] as Json | undefined)?.[method] as
      | Json
      | undefined;
    if (!op) throw new Error(`openapi.yaml documents no ${method.toUpperCase()} ${template}`);
    const responses = (op.responses ?? {}) as Record<string, Json>;
    const documented =
      String(status) in responses
        ? String(status)
        : Object.keys(responses).find((s) => s.startsWith('2') && status >= 200 && status < 300);
    if (!documented) return null;
    let location = `#/paths/${escapePointer(template)}/${method}/responses/${documented}`;
    let response = responses[documented] as Json;
    while (typeof response.$ref === 'string') {
      location = response.$ref;
      response = this.pointer(response.$ref) as Json;
    }
    const schema = ((response.content as Json | undefined)?.['application/json'] as Json | undefined)
      ?.schema as Json | undefined;
    if (!schema) return null; // no body, or raw bytes: nothing to check
    if (expect) {
      const ref = `#/components/schemas/${expect}`;
      if (!this.variants(schema).includes(ref))
        throw new Error(`${method.toUpperCase()} ${template} does not document ${expect} as a reply`);
      return this.ajv.compile({ $ref: `openapi${ref}` });
    }
    return this.ajv.compile({ $ref: `openapi${location}/content/application~1json/schema` });
  }

  /** The `$ref`s a reply schema may be: itself, or the branches of its anyOf, recursively. */
  private variants(schema: Json): string[] {
    const out: string[] = [];
    const walk = (s: Json) => {
      if (typeof s.$ref === 'string') {
        out.push(s.$ref);
        walk(this.pointer(s.$ref) as Json);
      }
      for (const branch of (s.anyOf as Json[] | undefined) ?? []) walk(branch);
    };
    walk(schema);
    return out;
  }

  private pointer(ref: string): unknown {
    let node: unknown = this.doc;
    for (const raw of ref.slice(2).split('/')) {
      node = (node as Json | undefined)?.[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
      if (node === undefined) throw new Error(`openapi.yaml: unresolved $ref ${ref}`);
    }
    return node;
  }
}

/**
 * The first mismatch, in a line: where, what, and the kind of value found there (never the value:
 * the message may reach a person's screen).
 */
function describe(errors: ErrorObject[], body: unknown): string {
  const e = errors[0];
  if (!e) return 'the reply does not match the document';
  let found: unknown = body;
  for (const key of e.instancePath.split('/').slice(1)) found = (found as Json | undefined)?.[key];
  return `${e.instancePath || '(root)'} ${e.message ?? e.keyword} (found ${kindOf(found)})`;
}

function kindOf(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

let shared: ReplyValidator | undefined;

/** The validator of the packaged openapi.yaml, read on first use. */
export function replyValidator(): ReplyValidator {
  shared ??= new ReplyValidator();
  return shared;
}
