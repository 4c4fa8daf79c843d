/**
 * EOSC quality of support (DOMAIN.md): each support unit has a level, and each level promises
 * response times per priority. The desk keeps one plain Zammad SLA per level and priority,
 * marked `data.eosc_qos`, whose condition names the units of that level and the priority; it
 * rewrites those conditions whenever units change, and leaves every other SLA alone.
 */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';

export const QOS_LEVELS = ['base', 'medium', 'advanced'] as const;
export type QosLevel = (typeof QOS_LEVELS)[number];

/** The EOSC priorities as Zammad priorities: less urgent, urgent, very urgent, top priority. */
export const QOS_PRIORITIES = ['1 low', '2 normal', '3 high', '4 top priority'] as const;

const DAY = 480;
/** DOMAIN.md's table in working minutes (1 working day = 480, 4 working hours = 240). */
export const QOS_MINUTES: Record<QosLevel, readonly number[]> = {
  base: [5 * DAY, 5 * DAY, 5 * DAY, 5 * DAY],
  medium: [5 * DAY, 5 * DAY, DAY, DAY],
  advanced: [5 * DAY, DAY, DAY, 240],
};

const LABEL: Record<QosLevel, string> = { base: 'Base', medium: 'Medium', advanced: 'Advanced' };

export function qosSlaName(level: QosLevel, priority: string): string {
  return `EOSC QoS ${LABEL[level]} · ${priority}`;
}

interface QosSla {
  id: number;
  condition: unknown;
  level: string;
  priority_id: number;
}

function qosCondition(groupIds: number[], priorityId: number) {
  return {
    'ticket.group_id': { operator: 'is', value: groupIds.map(String) },
    'ticket.priority_id': { operator: 'is', value: [String(priorityId)] },
  };
}

/**
 * Brings the QoS SLAs in line with the units: creates the missing ones (once there is a
 * default calendar and at least one unit) and rewrites conditions that changed. Returns
 * whether anything was written (then due times must be recomputed).
 */
export async function syncQosSlas(db: Db, actorId: number): Promise<boolean> {
  const units = await db.query<{ id: number; qos_level: string | null }>(
    'SELECT id, qos_level FROM groups WHERE support_unit ORDER BY id',
  );
  const existing = await db.query<QosSla>(
    `SELECT id, condition, data->'eosc_qos'->>'level' AS level, (data->'eosc_qos'->>'priority_id')::int AS priority_id
       FROM slas WHERE data ? 'eosc_qos'`,
  );
  if (units.length === 0 && existing.length === 0) return false;
  const priorities = await db.query<{ id: number; name: string }>(
    'SELECT id, name FROM ticket_priorities WHERE name = ANY($1) ORDER BY id',
    [QOS_PRIORITIES],
  );
  const calendarId = (await one<{ id: number }>(db, `SELECT id FROM calendars WHERE "default" LIMIT 1`))?.id;
  let changed = false;
  for (const level of QOS_LEVELS) {
    const groupIds = units.filter((u) => (u.qos_level ?? 'base') === level).map((u) => u.id);
    for (const priority of priorities) {
      const index = QOS_PRIORITIES.indexOf(priority.name as (typeof QOS_PRIORITIES)[number]);
      const minutes = QOS_MINUTES[level][index] as number;
      const condition = qosCondition(groupIds, priority.id);
      const sla = existing.find((s) => s.level === level && s.priority_id === priority.id);
      if (sla) {
        if (JSON.stringify(sla.condition) === JSON.stringify(condition)) continue;
        await db.query(
          'UPDATE slas SET condition = $2, updated_at = now(), updated_by_id = $3 WHERE id = $1',
          [sla.id, JSON.stringify(condition), actorId],
        );
        changed = true;
      } else if (calendarId !== undefined && units.length > 0) {
        await db.query(
          `INSERT INTO slas (name, calendar_id, first_response_time, update_time, condition, data,
                             created_by_id, updated_by_id)
           VALUES ($1, $2, $3, $3, $4, $5, $6, $6) ON CONFLICT (name) DO NOTHING`,
          [
            qosSlaName(level, priority.name),
            calendarId,
            minutes,
            JSON.stringify(condition),
            JSON.stringify({ eosc_qos: { level, priority_id: priority.id } }),
            actorId,
          ],
        );
        changed = true;
      }
    }
  }
  return changed;
}
