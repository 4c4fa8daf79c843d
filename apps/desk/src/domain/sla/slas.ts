/**
 * Zammad's SLAs (REFERENCE §3.16): a calendar, a selector condition and times in working
 * minutes (`first_response_time`, `update_time`, `solution_time`; `response_time` is kept as
 * Zammad keeps it, unused). Which SLA applies to a ticket is Sla.for_ticket's rule, evaluated
 * for many tickets in one query (`slaChoiceSql`).
 */
import type { Db } from '../../db/client.ts';
import type { Actor } from '../actor.ts';
import type { RecordModel } from '../crud.ts';
import { InvalidError } from '../errors.ts';
import { recordRemoved } from '../history.ts';
import { deleteRow, loadRow, requireName } from '../records.ts';
import { ConditionCompiler } from '../search/condition.ts';
import { Params } from '../search/sql.ts';
import type { Row } from '../shapes.ts';
import { defaultCalendarId } from './calendars.ts';
import { afterServiceLevelChange } from './changes.ts';

export interface SlaRow {
  id: number;
  name: string;
  calendar_id: number;
  first_response_time: number | null;
  response_time: number | null;
  update_time: number | null;
  solution_time: number | null;
  condition: Row;
  data: Row | null;
  created_at: Date;
  updated_at: Date;
}

export const SLA_TIMES = ['first_response_time', 'response_time', 'update_time', 'solution_time'] as const;

/**
 * Conditions of SLAs are evaluated as the system sees tickets: every ticket, internal
 * articles included, `current_user` being the system user.
 */
export const SYSTEM_ACTOR: Actor = {
  user: {
    id: 1,
    login: '-',
    firstname: '-',
    lastname: '',
    email: '',
    active: false,
    organization_id: null,
    password: null,
  },
  permissions: ['ticket.agent'],
  groupAccess: new Map(),
  organizationIds: [],
  sharedOrganizationIds: [],
};

const isEmpty = (condition: unknown) =>
  !condition || (typeof condition === 'object' && Object.keys(condition as object).length === 0);

export const SLAS: RecordModel = {
  table: 'slas',
  model: 'Sla',
  refs: { calendar: 'calendars' },
  // The desk's own mark on the QoS SLAs (qos.ts); admins cannot set or clear it.
  readOnly: ['data'],
  history: true,
  async prepare(db, _actor, attrs, input, current) {
    requireName(attrs, !current);
    if (!current && input.calendar_id === undefined && input.calendar === undefined) {
      const calendarId = await defaultCalendarId(db);
      if (calendarId === undefined) throw new InvalidError("The required value 'calendar_id' is missing.");
      attrs.calendar_id = calendarId;
    }
    if (attrs.condition === undefined && !current) attrs.condition = {};
    if (attrs.condition !== undefined && !isEmpty(attrs.condition)) {
      // An invalid selector is refused now, not discovered on the next ticket write.
      await new ConditionCompiler(db, SYSTEM_ACTOR, new Params()).compile(attrs.condition);
    }
  },
  async afterWrite(db, actor) {
    await afterServiceLevelChange(db, actor.user.id, 'SLA changed');
  },
  async remove(db, actor, id) {
    await loadRow(db, 'slas', 'Sla', id, true);
    await deleteRow(db, 'slas', 'Sla', id);
    await recordRemoved(db, 'Sla', id, actor.user.id);
    await afterServiceLevelChange(db, actor.user.id, 'SLA removed');
  },
};

/** SLAs in Sla.for_ticket's order: by name, then age. */
export async function loadSlas(db: Db): Promise<SlaRow[]> {
  return db.query<SlaRow>('SELECT * FROM slas ORDER BY name, created_at, id');
}

/**
 * Sla.for_ticket as one SQL expression over `tickets t`: the id of the first SLA (by name)
 * whose condition matches, else the fallback (an SLA without condition; with several, the
 * last by name, as Zammad's loop leaves it), else NULL. An SLA whose condition no longer
 * compiles (a removed custom field) is skipped rather than breaking every ticket write.
 */
export async function slaChoiceSql(db: Db, slas: SlaRow[], p: Params): Promise<string> {
  const whens: string[] = [];
  let fallback: number | null = null;
  for (const sla of slas) {
    if (isEmpty(sla.condition)) {
      fallback = sla.id;
      continue;
    }
    const mark = p.list.length;
    try {
      const sql = await new ConditionCompiler(db, SYSTEM_ACTOR, p).compile(sla.condition);
      if (sql === null) fallback = sla.id;
      else whens.push(`WHEN ${sql} THEN ${Number(sla.id)}`);
    } catch (err) {
      p.list.length = mark;
      console.warn(`SLA ${sla.id} (${sla.name}) is skipped: ${(err as Error).message}`);
    }
  }
  const otherwise = fallback === null ? 'NULL' : String(Number(fallback));
  return whens.length ? `(CASE ${whens.join(' ')} ELSE ${otherwise} END)` : `(${otherwise}::int)`;
}
