/**
 * Who may see which reports (docs/reports.md): `report` holders (the Manager role, Admin) see
 * every unit; holders of `report.eosc_unit_lead` (the Unit Lead role) see the units they lead
 * (eosc_unit_leads); everyone else is refused.
 */
import type { Db } from '../../db/client.ts';
import { type Actor, can } from '../actor.ts';
import { ForbiddenError } from '../errors.ts';
import { hasPermission } from '../permissions.ts';

export const UNIT_LEAD_PERMISSION = 'report.eosc_unit_lead';

export interface ReportScope {
  scope: 'all' | 'units';
  /** 'all': every active group; 'units': the active groups the person leads. */
  group_ids: number[];
}

/** The caller's reporting scope; ForbiddenError when they may see no report. */
export async function reportScope(db: Db, actor: Actor): Promise<ReportScope> {
  if (can(actor, 'report')) {
    const rows = await db.query<{ id: number }>('SELECT id FROM groups WHERE active ORDER BY id');
    return { scope: 'all', group_ids: rows.map((r) => r.id) };
  }
  // Exact permission: `report` would not be enough here (it is handled above), and a parent of
  // it (none exists) must not count as leading units.
  if (hasPermission(actor.permissions, UNIT_LEAD_PERMISSION)) {
    const rows = await db.query<{ group_id: number }>(
      `SELECT ul.group_id FROM eosc_unit_leads ul JOIN groups g ON g.id = ul.group_id AND g.active
        WHERE ul.user_id = $1 ORDER BY ul.group_id`,
      [actor.user.id],
    );
    if (rows.length > 0) return { scope: 'units', group_ids: rows.map((r) => r.group_id) };
    throw new ForbiddenError('Not authorized: you lead no support unit');
  }
  throw new ForbiddenError('Not authorized: reports need the report permission or a unit you lead');
}

/**
 * The groups a report covers: those asked for (checked against the scope: a unit lead asking for
 * a unit they do not lead is refused), else, for a unit lead, their units; undefined means every
 * group (a manager without a filter).
 */
export function coveredGroups(scope: ReportScope, asked: number[] | undefined): number[] | undefined {
  if (asked && asked.length > 0) {
    if (scope.scope === 'units') {
      const outside = asked.filter((g) => !scope.group_ids.includes(g));
      if (outside.length > 0) throw new ForbiddenError(`Not authorized for group ${outside.join(', ')}`);
    }
    return asked;
  }
  return scope.scope === 'units' ? scope.group_ids : undefined;
}
