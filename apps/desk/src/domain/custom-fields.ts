/**
 * Custom ticket fields: the object manager's migrated Ticket attributes, which are real columns
 * of `tickets` whose values travel as plain top-level keys (§3.11, pitfall 20).
 */
import type { Db } from '../db/client.ts';
import { isTrue } from '../lib/casts.ts';
import { InvalidError, invalidParam } from './errors.ts';
import { forgetColumnTypes } from './search/common.ts';
import type { Row } from './shapes.ts';

export const NAME = /^[a-z][a-z0-9_]{0,59}$/;

/**
 * Names that would clash with a column, a request parameter the desk interprets, or a name
 * reference (`group`, `state`, ...), whatever the object.
 */
export const RESERVED = new Set([
  'id',
  'type',
  'object',
  'class',
  'action',
  'controller',
  'created_at',
  'updated_at',
  'created_by',
  'updated_by',
  'number',
  'article',
  'articles',
  'attachments',
  'tags',
  'links',
  'mentions',
  'group',
  'groups',
  'state',
  'priority',
  'owner',
  'customer',
  'organization',
  'organizations',
  'role',
  'roles',
  'user',
  'users',
  'password',
  'permissions',
  'expand',
  'full',
  'all',
  'page',
  'per_page',
  'limit',
  'sort_by',
  'order_by',
  'query',
  'term',
  'condition',
  'form_id',
  'default',
  'select',
  'from',
  'where',
  'table',
  'order',
]);

/** A double-checked column identifier: the name passed the create checks, and again here. */
export function identifier(name: string): string {
  if (!NAME.test(name) || RESERVED.has(name)) throw new InvalidError(`Invalid attribute name '${name}'`);
  return `"${name}"`;
}

export interface CustomField {
  name: string;
  data_type: string;
  data_option: Row;
  /** Per screen and permission, as Zammad's `screens` (e.g. `create_middle['ticket.customer'].required`). */
  screens: Row;
}

const customCache = new WeakMap<Db, { at: number; fields: CustomField[] }>();
// Other desk processes learn about a migration within this time.
const CACHE_MS = 30_000;

export function forgetCustomFields(db: Db): void {
  customCache.delete(db);
  // Conditions compiled earlier (a trigger's during the demo seed) cached the columns without them.
  forgetColumnTypes();
}

/**
 * The active, migrated custom attributes of Ticket (real columns of `tickets`), cached per
 * database and dropped when migrations execute, changes are discarded or the service catalogue
 * changes the `eosc_service` options.
 */
export async function customTicketFields(db: Db): Promise<CustomField[]> {
  const cached = customCache.get(db);
  if (cached && Date.now() - cached.at < CACHE_MS) return cached.fields;
  const fields = await db.query<CustomField>(
    `SELECT name, data_type, data_option, screens FROM object_manager_attributes
      WHERE object = 'Ticket' AND editable AND active AND NOT to_create ORDER BY position, id`,
  );
  customCache.set(db, { at: Date.now(), fields });
  return fields;
}

/** Forgets the cached custom fields of a database (after an option change). */
export function invalidateCustomTicketFields(db: Db): void {
  customCache.delete(db);
}

function optionKeys(options: unknown): string[] {
  if (Array.isArray(options)) {
    const keys: string[] = [];
    const walk = (items: unknown[], prefix: string) => {
      for (const item of items) {
        if (!item || typeof item !== 'object') continue;
        const it = item as { value?: unknown; children?: unknown };
        const value = String(it.value ?? '');
        keys.push(prefix ? `${prefix}::${value}` : value);
        if (Array.isArray(it.children)) walk(it.children, prefix ? `${prefix}::${value}` : value);
      }
    };
    walk(options, '');
    return keys;
  }
  if (options && typeof options === 'object') return Object.keys(options);
  return [];
}

type ScreenRules = Record<string, Record<string, { shown?: boolean; required?: boolean; null?: boolean }>>;

/**
 * Whether the field is on the screen for the caller: hidden only when the screen has rules for
 * the caller's permission (or `-all-`) and each of them says `shown: false`.
 */
function shownOn(field: CustomField, screen: string, permissions: string[]): boolean {
  const rules = permissions.map((p) => (field.screens as ScreenRules)[screen]?.[p]).filter((r) => r);
  return rules.length === 0 || rules.some((r) => r?.shown !== false);
}

function requiredOn(field: CustomField, screen: string, permissions: string[]): boolean {
  const s = (field.screens as Record<string, Record<string, { required?: boolean; null?: boolean }>>)[screen];
  if (!s) return false;
  return permissions.some((p) => s[p]?.required === true || s[p]?.null === false);
}

/** A value as the field's column takes it; a select value must be one of the options (else 422). */
function castCustomValue(field: CustomField, value: unknown): unknown {
  const invalid = (v: unknown) => invalidParam(field.name, v);
  const keys = optionKeys(field.data_option.options);
  const option = (v: unknown) => {
    if (!keys.includes(String(v))) throw invalid(v);
    return String(v);
  };
  switch (field.data_type) {
    case 'select':
    case 'tree_select':
      return option(value);
    case 'multiselect':
    case 'multi_tree_select':
      return JSON.stringify((Array.isArray(value) ? value : [value]).map(option));
    case 'boolean':
      return isTrue(value);
    case 'integer': {
      const n = Number(value);
      if (!Number.isSafeInteger(n)) throw invalid(value);
      return n;
    }
    default:
      return value;
  }
}

/**
 * The custom ticket values of a create or update request, checked against each field's type and
 * options (an unknown select value gives 422). With `enforceRequired`, a field `required` on the
 * screen for the caller's permission (`ticket.customer` or `ticket.agent`, or `-all-`) must be
 * present on create; Zammad's REST API itself leaves `screens` to the UI, so that is opt-in.
 */
export async function customTicketValues(
  db: Db,
  input: Row,
  ctx: {
    screen: 'create_middle' | 'edit';
    permission: 'ticket.agent' | 'ticket.customer';
    creating: boolean;
    enforceRequired?: boolean;
  },
): Promise<Row> {
  const out: Row = {};
  const permissions = [ctx.permission, '-all-'];
  for (const field of await customTicketFields(db)) {
    // A field the screen hides from the caller is not theirs to write: dropped, as Zammad drops
    // attributes a caller may not set.
    if (!shownOn(field, ctx.screen, permissions)) continue;
    const present = field.name in input && input[field.name] !== undefined;
    const value = present ? input[field.name] : undefined;
    const blank = value === null || value === '' || (Array.isArray(value) && value.length === 0);
    const required = requiredOn(field, ctx.screen, permissions);
    if (ctx.creating && ctx.enforceRequired && (!present || blank) && required)
      throw new InvalidError(`The required value '${field.name}' is missing.`);
    if (!present) continue;
    if (blank) {
      // Blanking a field the edit screen requires is refused (on create, only when enforced).
      if (!ctx.creating && required) throw new InvalidError(`The required value '${field.name}' is missing.`);
      out[field.name] = null;
      continue;
    }
    out[field.name] = castCustomValue(field, value);
  }
  return out;
}

/** Writes checked custom values onto a ticket (identifiers come from the attribute list). */
export async function writeCustomTicketValues(db: Db, ticketId: number, values: Row): Promise<void> {
  const keys = Object.keys(values);
  if (keys.length === 0) return;
  const sets = keys.map((k, i) => `${identifier(k)} = $${i + 1}`);
  await db.query(`UPDATE tickets SET ${sets.join(', ')} WHERE id = $${keys.length + 1}`, [
    ...keys.map((k) => values[k]),
    ticketId,
  ]);
}
