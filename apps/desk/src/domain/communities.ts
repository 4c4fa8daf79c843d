import type { Db } from '../db/client.ts';
import { one } from '../db/client.ts';
import { type Actor, can } from './actor.ts';
import { ForbiddenError, InvalidError, NotFoundError } from './errors.ts';
import type { Row } from './shapes.ts';

/**
 * Communities (issue 16, path 3 "direct usage"): a community owns support units (groups),
 * catalogue services and knowledge-base categories, and carries the branding of its portal
 * (/c/<slug>). Admins (`admin.community`) manage everything; a community admin (the
 * `community.admin` permission and a row in community_admins) manages the members of their
 * community's units, their services and their knowledge-base categories, and nothing else.
 */

export const MODEL = 'Community';
export const MANAGE = 'admin.community';
export const COMMUNITY_ADMIN = 'community.admin';

export interface CommunityRow extends Row {
  id: number;
  name: string;
  slug: string;
  display_name: string;
  logo_url: string | null;
  primary_color: string;
  accent_color: string;
  note: string;
  active: boolean;
}

const COLUMNS =
  'id, name, slug, display_name, logo_url, primary_color, accent_color, note, active, created_by_id, updated_by_id, created_at, updated_at';
const SLUG = /^[a-z0-9]([a-z0-9-]{0,62}[a-z0-9])?$/;
const HEX = /^#[0-9a-fA-F]{6}$/;
const HTTP_LOGO = /^https?:\/\/[^\s"'<>]+$/;
const DATA_LOGO = /^data:image\/(png|jpeg|gif|webp);base64,[A-Za-z0-9+/]+=*$/;
/** An uploaded logo is kept inline: 256 KB of base64 is plenty for a portal header. */
const MAX_LOGO = 256 * 1024;

/** The communities the actor administers (empty without `community.admin`). */
export async function administered(db: Db, actor: Actor): Promise<number[]> {
  if (!can(actor, COMMUNITY_ADMIN)) return [];
  const rows = await db.query<{ community_id: number }>(
    'SELECT community_id FROM community_admins WHERE user_id = $1',
    [actor.user.id],
  );
  return rows.map((r) => r.community_id);
}

/** Whether the actor may manage what belongs to the community: an admin or its community admin. */
export async function managesCommunity(db: Db, actor: Actor, communityId: number | null): Promise<boolean> {
  if (can(actor, MANAGE)) return true;
  return communityId !== null && (await administered(db, actor)).includes(communityId);
}

export async function assertManages(db: Db, actor: Actor, communityId: number | null): Promise<void> {
  if (!(await managesCommunity(db, actor, communityId))) throw new ForbiddenError();
}

/** Each community with the ids of what it owns and of its admins. */
export async function withMembers(db: Db, rows: CommunityRow[]): Promise<Row[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const owned = await db.query<{ kind: string; community_id: number; id: number }>(
    `SELECT 'group_ids' AS kind, community_id, id FROM groups WHERE community_id = ANY($1)
     UNION ALL SELECT 'service_ids', community_id, id FROM eosc_services WHERE community_id = ANY($1)
     UNION ALL SELECT 'kb_category_ids', community_id, id FROM knowledge_base_categories WHERE community_id = ANY($1)
     UNION ALL SELECT 'admin_user_ids', community_id, user_id FROM community_admins WHERE community_id = ANY($1)
     ORDER BY 3`,
    [ids],
  );
  return rows.map((r) => {
    const out: Row = { ...r, group_ids: [], service_ids: [], kb_category_ids: [], admin_user_ids: [] };
    for (const o of owned) if (o.community_id === r.id) (out[o.kind] as number[]).push(o.id);
    return out;
  });
}

/** Every community for admins; for others the active ones and those they administer. */
export async function listCommunities(db: Db, actor: Actor): Promise<Row[]> {
  const all = can(actor, MANAGE);
  const mine = all ? [] : await administered(db, actor);
  const rows = await db.query<CommunityRow>(
    `SELECT ${COLUMNS} FROM communities ${all ? '' : 'WHERE active OR id = ANY($1)'} ORDER BY lower(name), id`,
    all ? [] : [mine],
  );
  return withMembers(db, rows);
}

export async function loadCommunity(db: Db, id: number): Promise<CommunityRow> {
  const row = await one<CommunityRow>(db, `SELECT ${COLUMNS} FROM communities WHERE id = $1`, [id]);
  if (!row) throw new NotFoundError(MODEL, id);
  return row;
}

/** An active community by its slug (the portal's address). */
export async function communityBySlug(db: Db, slug: string): Promise<CommunityRow> {
  const row = await one<CommunityRow>(db, `SELECT ${COLUMNS} FROM communities WHERE slug = $1 AND active`, [
    slug,
  ]);
  if (!row) throw new NotFoundError(MODEL, slug, 'slug');
  return row;
}

function str(input: Row, name: string): string | undefined {
  const v = input[name];
  if (v === undefined) return undefined;
  if (v === null) return '';
  if (typeof v !== 'string')
    throw new InvalidError(`Invalid value for param '${name}': ${JSON.stringify(v)}`);
  return v.trim();
}

function required(value: string | undefined, name: string): string {
  if (!value) throw new InvalidError(`The required value '${name}' is missing.`);
  return value;
}

function color(input: Row, name: string): string | undefined {
  const v = str(input, name);
  if (v !== undefined && !HEX.test(v))
    throw new InvalidError(
      `Invalid value for param '${name}': ${JSON.stringify(v)} is no colour like '#1f4e79'.`,
    );
  return v;
}

/** An http(s) address, an uploaded image as a data: URL, or blank (no logo). */
function logo(input: Row): string | null | undefined {
  const v = str(input, 'logo_url');
  if (v === undefined) return undefined;
  if (v === '') return null;
  if (v.length > MAX_LOGO || !(HTTP_LOGO.test(v) || DATA_LOGO.test(v)))
    throw new InvalidError(
      "Invalid value for param 'logo_url': an http(s) address or a PNG, JPEG, GIF or WebP image of at most 256 KB.",
    );
  return v;
}

function idList(input: Row, name: string): number[] | undefined {
  const v = input[name];
  if (v === undefined) return undefined;
  if (v === null || v === '') return [];
  const list = Array.isArray(v) ? v : [v];
  const ids = list.map(Number);
  if (!ids.every((n) => Number.isSafeInteger(n) && n > 0))
    throw new InvalidError(`Invalid value for param '${name}': ${JSON.stringify(v)}`);
  return [...new Set(ids)];
}

/** The branding and name fields, merged over `current` and checked. */
function fields(input: Row, current?: CommunityRow) {
  const name = str(input, 'name') ?? current?.name;
  const slug = (str(input, 'slug') ?? current?.slug)?.toLowerCase();
  if (!SLUG.test(required(slug, 'slug')))
    throw new InvalidError(
      `Invalid value for param 'slug': ${JSON.stringify(slug)} (lowercase letters, digits and '-', at most 64).`,
    );
  const active = input.active === undefined || input.active === null ? current?.active : input.active;
  return {
    name: required(name, 'name'),
    slug: slug as string,
    display_name: str(input, 'display_name') ?? current?.display_name ?? '',
    logo_url: logo(input) ?? (input.logo_url === undefined ? (current?.logo_url ?? null) : null),
    primary_color: color(input, 'primary_color') ?? current?.primary_color ?? '#1f4e79',
    accent_color: color(input, 'accent_color') ?? current?.accent_color ?? '#b03a2e',
    note: str(input, 'note') ?? current?.note ?? '',
    active: active === undefined ? true : active === true || active === 'true',
  };
}

async function assertUnique(db: Db, id: number, name: string, slug: string): Promise<void> {
  const clash = await one<{ name: string; slug: string }>(
    db,
    'SELECT name, slug FROM communities WHERE (lower(name) = lower($1) OR slug = $2) AND id <> $3',
    [name, slug, id],
  );
  if (clash?.slug === slug) throw new InvalidError(`Invalid value for param 'slug': '${slug}' is taken.`);
  if (clash) throw new InvalidError(`Invalid value for param 'name': '${name}' is taken.`);
}

/** Points the listed rows of `table` at the community and detaches the ones no longer listed. */
async function own(db: Db, table: string, name: string, communityId: number, ids: number[] | undefined) {
  if (ids === undefined) return;
  const found = await db.query<{ id: number }>(`SELECT id FROM ${table} WHERE id = ANY($1)`, [ids]);
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length > 0)
    throw new InvalidError(`Invalid value for param '${name}': no record with id ${missing.join(', ')}.`);
  await db.query(`UPDATE ${table} SET community_id = NULL WHERE community_id = $1 AND NOT (id = ANY($2))`, [
    communityId,
    ids,
  ]);
  await db.query(`UPDATE ${table} SET community_id = $1 WHERE id = ANY($2)`, [communityId, ids]);
}

async function setAdmins(db: Db, communityId: number, ids: number[] | undefined): Promise<void> {
  if (ids === undefined) return;
  const found = await db.query<{ id: number }>('SELECT id FROM users WHERE id = ANY($1)', [ids]);
  const missing = ids.filter((id) => !found.some((f) => f.id === id));
  if (missing.length > 0)
    throw new InvalidError(
      `Invalid value for param 'admin_user_ids': no user with id ${missing.join(', ')}.`,
    );
  await db.query('DELETE FROM community_admins WHERE community_id = $1', [communityId]);
  await db.query('INSERT INTO community_admins (community_id, user_id) SELECT $1, unnest($2::int[])', [
    communityId,
    ids,
  ]);
}

/** What hangs off a community, written after its row (tables named here, never from input). */
async function writeOwned(db: Db, id: number, input: Row): Promise<void> {
  await own(db, 'groups', 'group_ids', id, idList(input, 'group_ids'));
  await own(db, 'eosc_services', 'service_ids', id, idList(input, 'service_ids'));
  await own(db, 'knowledge_base_categories', 'kb_category_ids', id, idList(input, 'kb_category_ids'));
  await setAdmins(db, id, idList(input, 'admin_user_ids'));
}

export async function createCommunity(db: Db, actorId: number, input: Row): Promise<Row> {
  const f = fields(input);
  await assertUnique(db, 0, f.name, f.slug);
  const row = (await one<CommunityRow>(
    db,
    `INSERT INTO communities (name, slug, display_name, logo_url, primary_color, accent_color, note, active,
        created_by_id, updated_by_id)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING ${COLUMNS}`,
    [f.name, f.slug, f.display_name, f.logo_url, f.primary_color, f.accent_color, f.note, f.active, actorId],
  )) as CommunityRow;
  await writeOwned(db, row.id, input);
  return (await withMembers(db, [row]))[0] as Row;
}

export async function updateCommunity(db: Db, actorId: number, id: number, input: Row): Promise<Row> {
  const current = await one<CommunityRow>(db, `SELECT ${COLUMNS} FROM communities WHERE id = $1 FOR UPDATE`, [
    id,
  ]);
  if (!current) throw new NotFoundError(MODEL, id);
  const f = fields(input, current);
  await assertUnique(db, id, f.name, f.slug);
  const row = (await one<CommunityRow>(
    db,
    `UPDATE communities SET name = $1, slug = $2, display_name = $3, logo_url = $4, primary_color = $5,
            accent_color = $6, note = $7, active = $8, updated_by_id = $9, updated_at = now()
      WHERE id = $10 RETURNING ${COLUMNS}`,
    [
      f.name,
      f.slug,
      f.display_name,
      f.logo_url,
      f.primary_color,
      f.accent_color,
      f.note,
      f.active,
      actorId,
      id,
    ],
  )) as CommunityRow;
  await writeOwned(db, id, input);
  return (await withMembers(db, [row]))[0] as Row;
}

/** Removes a community; what it owned becomes EOSC-wide again (ON DELETE SET NULL). */
export async function deleteCommunity(db: Db, id: number): Promise<void> {
  await loadCommunity(db, id);
  await db.query('DELETE FROM communities WHERE id = $1', [id]);
}

/**
 * A community admin's one lever on people: who works in a unit of their community (full access).
 * Only agents may be members; the unit must belong to the community.
 */
export async function setUnitMembers(db: Db, communityId: number, groupId: number, input: Row): Promise<Row> {
  const group = await one<{ community_id: number | null }>(
    db,
    'SELECT community_id FROM groups WHERE id = $1',
    [groupId],
  );
  if (!group || group.community_id !== communityId) throw new NotFoundError('Group', groupId);
  const ids = idList(input, 'user_ids');
  if (ids === undefined) throw new InvalidError("The required value 'user_ids' is missing.");
  const agents = await db.query<{ id: number }>(
    `SELECT DISTINCT u.id FROM users u JOIN roles_users ru ON ru.user_id = u.id
       JOIN permissions_roles pr ON pr.role_id = ru.role_id JOIN permissions p ON p.id = pr.permission_id
      WHERE u.id = ANY($1) AND u.active AND p.name = 'ticket.agent'`,
    [ids],
  );
  const notAgents = ids.filter((id) => !agents.some((a) => a.id === id));
  if (notAgents.length > 0)
    throw new InvalidError(
      `Invalid value for param 'user_ids': ${notAgents.join(', ')} (not an active agent).`,
    );
  await db.query('DELETE FROM groups_users WHERE group_id = $1', [groupId]);
  await db.query(
    `INSERT INTO groups_users (group_id, user_id, access) SELECT $1, unnest($2::int[]), 'full'`,
    [groupId, ids],
  );
  return { group_id: groupId, user_ids: ids.sort((a, b) => a - b) };
}
