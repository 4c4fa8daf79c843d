import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { Ajv2020, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormatsModule from 'ajv-formats';
import { parse } from 'yaml';

type Json = Record<string, unknown>;

export interface Param {
  name: string;
  in: 'path' | 'query' | 'header';
  required: boolean;
  schema: Json;
}

export interface Operation {
  method: string;
  template: string;
  operationId: string;
  params: Param[];
  /** JSON request body schema, when the operation takes one. */
  body?: Json;
  /** Documented replies: status → validator of the JSON body (undefined: no JSON body). */
  replies: Map<string, ValidateFunction | undefined>;
}

export interface ApiDoc {
  operations: Operation[];
  /** The component every error reply of this API takes. */
  errorShape: ValidateFunction;
  /** A JSON schema resolved against the document (for generating values). */
  resolve(schema: Json): Json;
}

const addFormats = ((addFormatsModule as unknown as { default?: unknown }).default ??
  addFormatsModule) as unknown as (ajv: Ajv2020) => Ajv2020;

const repo = resolve(import.meta.dirname, '..');

/** The desk's document (packages/zammad-api/openapi.yaml) and the BFF's (apps/bff/openapi.json). */
export function loadDoc(which: 'desk' | 'bff'): ApiDoc {
  const doc = (
    which === 'desk'
      ? parse(readFileSync(resolve(repo, 'packages/zammad-api/openapi.yaml'), 'utf8'))
      : JSON.parse(readFileSync(resolve(repo, 'apps/bff/openapi.json'), 'utf8'))
  ) as Json;
  const ajv = new Ajv2020({ strict: false, allErrors: false, validateFormats: true });
  addFormats(ajv);
  ajv.addSchema({ $id: 'doc', ...doc, components: doc.components ?? {} });
  const compile = (schema: Json): ValidateFunction => ajv.compile({ $ref: `doc#${pointerTo(doc, schema)}` });
  const deref = (node: unknown): Json => {
    let n = node as Json;
    for (let i = 0; i < 20 && n && typeof n.$ref === 'string'; i++) n = at(doc, n.$ref as string) as Json;
    return n ?? {};
  };
  const operations: Operation[] = [];
  for (const [template, item] of Object.entries((doc.paths ?? {}) as Record<string, Json>)) {
    for (const method of ['get', 'put', 'post', 'delete', 'patch']) {
      const op = item[method] as Json | undefined;
      if (!op) continue;
      const params = [...((item.parameters as unknown[]) ?? []), ...((op.parameters as unknown[]) ?? [])]
        .map(deref)
        .map((p) => ({
          name: String(p.name),
          in: p.in as Param['in'],
          required: p.required === true,
          schema: deref(p.schema ?? {}),
        }));
      const bodyContent = deref(op.requestBody ?? {}).content as Json | undefined;
      const bodySchema = (bodyContent?.['application/json'] as Json | undefined)?.schema as Json | undefined;
      const replies = new Map<string, ValidateFunction | undefined>();
      for (const [status, raw] of Object.entries((op.responses ?? {}) as Json)) {
        const r = deref(raw);
        const schema = ((r.content as Json | undefined)?.['application/json'] as Json | undefined)?.schema as
          | Json
          | undefined;
        const where = `/paths/${esc(template)}/${method}/responses/${status}`;
        const location = (raw as Json).$ref ? String((raw as Json).$ref).slice(1) : where;
        replies.set(
          status,
          schema ? ajv.compile({ $ref: `doc#${location}/content/application~1json/schema` }) : undefined,
        );
      }
      operations.push({
        method: method.toUpperCase(),
        template,
        operationId: String(op.operationId ?? `${method} ${template}`),
        params,
        ...(bodySchema ? { body: bodySchema } : {}),
        replies,
      });
    }
  }
  const errorShape = compile(
    (doc.components as Json).schemas ? (((doc.components as Json).schemas as Json).Error as Json) : {},
  );
  return { operations, errorShape, resolve: deref };
}

function esc(s: string): string {
  return s.replace(/~/g, '~0').replace(/\//g, '~1');
}

function at(doc: Json, ref: string): unknown {
  let node: unknown = doc;
  for (const raw of ref.replace(/^#\//, '').split('/')) {
    node = (node as Json | undefined)?.[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return node;
}

/** The JSON pointer of a schema object inside the document (found by identity). */
function pointerTo(doc: Json, target: unknown): string {
  const stack: [unknown, string][] = [[doc, '']];
  while (stack.length) {
    const [node, path] = stack.pop() as [unknown, string];
    if (node === target) return path;
    if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) stack.push([v, `${path}/${esc(k)}`]);
  }
  throw new Error('schema not in document');
}
