import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { invalidateCustomTicketFields } from './custom-fields.ts';
import { InvalidError, NotFoundError } from './errors.ts';
import { resolveRef } from './references.ts';
import type { Row } from './shapes.ts';

/**
 * The EOSC service catalogue: the services tickets can be about, each routed to the support
 * group that handles it. The `eosc_service` ticket attribute mirrors the catalogue, so a
 * deployment on a real Zammad carries the same options.
 */

export interface ServiceRow {
  id: number;
  key: string;
  name: string;
  description: string;
  provider: string;
  group_id: number | null;
  /** How the provider joined (DOMAIN.md "Three ways a provider joins"). */
  integration: Integration;
  /** The provider's mailing list: where `redirect` tickets are forwarded. */
  mailing_list: string | null;
  /** The community's name as free text (older records; see community_id). */
  community: string;
  /** The community that owns the service (migration 0022); null: EOSC-wide. */
  community_id: number | null;
  active: boolean;
  created_at: Date;
  updated_at: Date;
  [k: string]: unknown;
}

export const SERVICE_ATTRIBUTE = 'eosc_service';
/** The triage group (as seeded by seed/demo.ts) that gets tickets no service claims. */
export const FIRST_LINE_GROUP = 'First-Line Support';
const KEY = /^[a-z0-9][a-z0-9_.-]{0,63}$/;
export const INTEGRATIONS = ['direct', 'redirect', 'sync'] as const;
export type Integration = (typeof INTEGRATIONS)[number];
const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

const COLUMNS =
  'id, key, name, description, provider, group_id, integration, mailing_list, community, community_id, active, created_by_id, updated_by_id, created_at, updated_at';

export async function listServices(db: Db, includeInactive: boolean): Promise<ServiceRow[]> {
  return db.query<ServiceRow>(
    `SELECT ${COLUMNS} FROM eosc_services ${includeInactive ? '' : 'WHERE active'} ORDER BY lower(name), id`,
  );
}

export async function loadService(db: Db, id: number): Promise<ServiceRow> {
  const row = await one<ServiceRow>(db, `SELECT ${COLUMNS} FROM eosc_services WHERE id = $1`, [id]);
  if (!row) throw new NotFoundError('EoscService', id);
  return row;
}

function text(v: unknown, name: string, required: boolean): string | undefined {
  if (v === undefined || v === null) {
    if (required) throw new InvalidError(`The required value '${name}' is missing.`);
    return undefined;
  }
  if (typeof v !== 'string')
    throw new InvalidError(`Invalid value for param '${name}': ${JSON.stringify(v)}`);
  const t = v.trim();
  if (required && t === '') throw new InvalidError(`The required value '${name}' is missing.`);
  return t;
}

/** The support group by id or name; blank `group_id` clears it, a blank `group` is ignored. */
async function groupRef(db: Db, input: Row): Promise<number | null | undefined> {
  if (input.group_id === undefined && (input.group === null || input.group === '')) return undefined;
  const group = typeof input.group === 'number' ? String(input.group) : input.group;
  return resolveRef(db, { ...input, group }, 'group');
}

/**
 * Integration mode and contacts, merged over `current`: a `redirect` service needs a valid
 * mailing list address (its tickets are forwarded there), every mode may keep one.
 */
function integrationFields(
  input: Row,
  current: Pick<ServiceRow, 'integration' | 'mailing_list' | 'community'> | undefined,
): { integration: Integration; mailing_list: string | null; community: string } {
  const mode = input.integration ?? current?.integration ?? 'direct';
  if (!(INTEGRATIONS as readonly unknown[]).includes(mode))
    throw new InvalidError(
      `Invalid value for param 'integration': ${JSON.stringify(mode)} (direct, redirect or sync).`,
    );
  const list =
    input.mailing_list === undefined
      ? (current?.mailing_list ?? null)
      : (text(input.mailing_list, 'mailing_list', false) ?? '') || null;
  if (list !== null && !EMAIL.test(list))
    throw new InvalidError(
      `Invalid value for param 'mailing_list': ${JSON.stringify(list)} is no e-mail address.`,
    );
  if (mode === 'redirect' && list === null)
    throw new InvalidError(
      "A service with integration 'redirect' needs a 'mailing_list': the address its tickets are forwarded to.",
    );
  const community = text(input.community, 'community', false) ?? current?.community ?? '';
  return { integration: mode as Integration, mailing_list: list, community };
}

/** The owning community by id: blank clears it, an unknown id is 422. */
async function communityRef(db: Db, input: Row, current: number | null): Promise<number | null> {
  const v = input.community_id;
  if (v === undefined) return current;
  if (v === null || v === '') return null;
  const id = Number(v);
  if (!Number.isSafeInteger(id) || !(await one(db, 'SELECT 1 FROM communities WHERE id = $1', [id])))
    throw new InvalidError(`Invalid value for param 'community_id': ${JSON.stringify(v)}`);
  return id;
}

/** A service as sent: `active` already cast (http/input.ts); the texts are checked here. */
export interface ServiceInput extends Row {
  active?: boolean | null;
}

export async function createService(db: Db, actorId: number, input: ServiceInput): Promise<ServiceRow> {
  const key = text(input.key, 'key', true) as string;
  if (!KEY.test(key))
    throw new InvalidError(
      "Invalid value for param 'key': lowercase letters, digits, '.', '_' or '-' (at most 64).",
    );
  const name = text(input.name, 'name', true) as string;
  const groupId = (await groupRef(db, input)) ?? null;
  const mode = integrationFields(input, undefined);
  const communityId = await communityRef(db, input, null);
  const row = await one<ServiceRow>(
    db,
    `INSERT INTO eosc_services (key, name, description, provider, group_id, active, created_by_id, updated_by_id,
        integration, mailing_list, community, community_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $7, $8, $9, $10, $11) RETURNING ${COLUMNS}`,
    [
      key,
      name,
      text(input.description, 'description', false) ?? '',
      text(input.provider, 'provider', false) ?? '',
      groupId,
      input.active ?? true,
      actorId,
      mode.integration,
      mode.mailing_list,
      mode.community,
      communityId,
    ],
  );
  await syncServiceAttribute(db);
  return row as ServiceRow;
}

export async function updateService(
  db: Db,
  actorId: number,
  id: number,
  input: ServiceInput,
): Promise<ServiceRow> {
  const current = await one<ServiceRow>(db, `SELECT ${COLUMNS} FROM eosc_services WHERE id = $1 FOR UPDATE`, [
    id,
  ]);
  if (!current) throw new NotFoundError('EoscService', id);
  const key = text(input.key, 'key', false);
  if (key !== undefined && key !== current.key)
    throw new InvalidError("The 'key' of a service cannot be changed; tickets refer to it.");
  const name = text(input.name, 'name', false);
  if (name === '') throw new InvalidError("The required value 'name' is missing.");
  const groupId = await groupRef(db, input);
  const mode = integrationFields(input, current);
  const communityId = await communityRef(db, input, current.community_id);
  const row = await one<ServiceRow>(
    db,
    `UPDATE eosc_services SET name = $1, description = $2, provider = $3, group_id = $4, active = $5,
            updated_by_id = $6, updated_at = now(), integration = $8, mailing_list = $9, community = $10,
            community_id = $11
      WHERE id = $7 RETURNING ${COLUMNS}`,
    [
      name ?? current.name,
      text(input.description, 'description', false) ?? current.description,
      text(input.provider, 'provider', false) ?? current.provider,
      groupId === undefined ? current.group_id : groupId,
      input.active ?? current.active,
      actorId,
      id,
      mode.integration,
      mode.mailing_list,
      mode.community,
      communityId,
    ],
  );
  await syncServiceAttribute(db);
  return row as ServiceRow;
}

/** Deletes a service no ticket refers to; one in use can only be deactivated (422). */
export async function deleteService(db: Db, id: number): Promise<void> {
  const current = await loadService(db, id);
  const column = await one(
    db,
    `SELECT 1 FROM information_schema.columns
      WHERE table_schema = current_schema() AND table_name = 'tickets' AND column_name = $1`,
    [SERVICE_ATTRIBUTE],
  );
  // The column name is the fixed SERVICE_ATTRIBUTE constant, never input.
  if (
    column &&
    (await one(db, `SELECT 1 FROM tickets WHERE ${SERVICE_ATTRIBUTE} = $1 LIMIT 1`, [current.key]))
  )
    throw new InvalidError("Can't delete, object has references.");
  await db.query('DELETE FROM eosc_services WHERE id = $1', [id]);
  await syncServiceAttribute(db);
}

/**
 * Rewrites the options of the `eosc_service` ticket attribute from the catalogue: active
 * services as `options` (key → name), every service ever offered in `historical_options` so old
 * tickets still show a name. A no-op while the attribute does not exist.
 */
export async function syncServiceAttribute(db: Db): Promise<void> {
  const attr = await one<{ id: number; data_option: Row }>(
    db,
    `SELECT id, data_option FROM object_manager_attributes WHERE object = 'Ticket' AND name = $1`,
    [SERVICE_ATTRIBUTE],
  );
  if (!attr) return;
  const services = await listServices(db, true);
  const options: Record<string, string> = {};
  for (const s of services) if (s.active) options[s.key] = s.name;
  const historical: Record<string, string> = {
    ...((attr.data_option.historical_options as Record<string, string> | undefined) ?? {}),
  };
  for (const s of services) historical[s.key] = s.name;
  const dataOption = { ...attr.data_option, options, historical_options: historical };
  await db.query(
    `UPDATE object_manager_attributes
        SET data_option = $1,
            data_option_new = CASE WHEN to_config THEN data_option_new || jsonb_build_object('options', $2::jsonb) ELSE data_option_new END,
            updated_at = now()
      WHERE id = $3`,
    [JSON.stringify(dataOption), JSON.stringify(options), attr.id],
  );
  invalidateCustomTicketFields(db);
}

/**
 * The group a ticket about `serviceKey` goes to: the service's support group when the service
 * is active and has one, else First-Line Support (undefined when neither exists).
 */
export async function groupForService(db: Db, serviceKey: unknown): Promise<number | undefined> {
  if (typeof serviceKey === 'string' && serviceKey !== '') {
    const row = await one<{ group_id: number }>(
      db,
      `SELECT s.group_id FROM eosc_services s JOIN groups g ON g.id = s.group_id AND g.active
        WHERE s.key = $1 AND s.active`,
      [serviceKey],
    );
    if (row) return row.group_id;
  }
  const firstLine = await one<{ id: number }>(db, 'SELECT id FROM groups WHERE name = $1 AND active', [
    FIRST_LINE_GROUP,
  ]);
  return firstLine?.id;
}

/** The active service a ticket is about, by key (undefined for none or an unknown key). */
export async function serviceByKey(db: Db, key: unknown): Promise<ServiceRow | undefined> {
  if (typeof key !== 'string' || key === '') return undefined;
  return one<ServiceRow>(db, `SELECT ${COLUMNS} FROM eosc_services WHERE key = $1 AND active`, [key]);
}
