import { expect } from 'vitest';
import { type Credentials, json, type RunningDesk } from './harness.ts';
import type { Json } from './ticket-fixtures.ts';

/**
 * Recounts every panel's figures for a period in plain SQL over the tickets table and compares
 * them with the report (no filters, as a manager). Shared by the fixture test and the demo
 * history test, which gives it thousands of tickets to disagree on.
 */
export async function recountPanels(desk: RunningDesk, as: Credentials, from: string, to: string) {
  const q = `from=${from}&to=${to}`;
  const report = async (panel: string, query: string) => {
    const res = await desk.api(`/eosc_reports/${panel}?${query}`, { as });
    expect(res.status).toBe(200);
    return json(res);
  };
  const sum = (rows: Json[], key: string) => rows.reduce((n, r) => n + r[key], 0);
  const count = async (sql: string, params: unknown[] = []) =>
    Number((await desk.db.query<{ n: string }>(sql, params))[0]?.n);
  const inPeriod = (col: string) =>
    `${col} >= '${from}T00:00:00Z' AND ${col} < (('${to}'::date + 1)::timestamp AT TIME ZONE 'UTC')`;
  const volume = await report('volume', q);
  expect(sum(volume.buckets, 'created')).toBe(
    await count(`SELECT count(*) n FROM tickets WHERE ${inPeriod('created_at')}`),
  );
  expect(sum(volume.buckets, 'closed')).toBe(
    await count(`SELECT count(*) n FROM tickets WHERE ${inPeriod('close_at')}`),
  );
  const notMerged = `state_id NOT IN (SELECT id FROM ticket_states WHERE name = 'merged')`;
  const times = await report('times', q);
  expect(times.first_response.count).toBe(
    await count(
      `SELECT count(*) n FROM tickets WHERE ${inPeriod('created_at')} AND ${notMerged} AND first_response_in_min IS NOT NULL`,
    ),
  );
  const values = (
    await desk.db.query<{ v: number }>(
      `SELECT first_response_in_min AS v FROM tickets WHERE ${inPeriod('created_at')} AND ${notMerged}
           AND first_response_in_min IS NOT NULL ORDER BY v`,
    )
  ).map((r) => r.v);
  // percentile_disc: the first value with at least that share of the values at or below it.
  const disc = (share: number) => values[Math.max(0, Math.ceil(share * values.length) - 1)];
  expect(times.first_response.median).toBe(disc(0.5));
  expect(times.first_response.p90).toBe(disc(0.9));
  const reopen = await report('reopen', q);
  expect(reopen.closed).toBe(
    await count(`SELECT count(*) n FROM tickets WHERE ${inPeriod('close_at')} AND ${notMerged}`),
  );
  expect(reopen.reopened).toBe(
    await count(
      `SELECT count(DISTINCT t.id) n FROM tickets t JOIN histories h ON h.object = 'Ticket' AND h.o_id = t.id
          WHERE ${inPeriod('t.close_at')} AND t.${notMerged} AND h.attribute = 'state'
            AND h.created_at >= t.close_at AND h.id_from = 4 AND h.id_to IN (1, 2, 3, 6)`,
    ),
  );
  const workload = await report('workload', q);
  expect(sum(workload.agents, 'assigned')).toBe(
    await count(
      `SELECT count(*) n FROM tickets WHERE ${inPeriod('created_at')} AND ${notMerged} AND owner_id <> 1`,
    ),
  );
  expect(sum(workload.agents, 'closed')).toBe(
    await count(
      `SELECT count(*) n FROM tickets WHERE ${inPeriod('close_at')} AND ${notMerged} AND owner_id <> 1`,
    ),
  );
  // answered: per agent, the tickets (not merged) with a public communication article (not a
  // note) with the Agent sender in the period, straight from the articles.
  const answered = await desk.db.query<{ user_id: number; n: number }>(
    `SELECT a.created_by_id AS user_id, count(DISTINCT a.ticket_id)::int AS n FROM ticket_articles a
       JOIN tickets t ON t.id = a.ticket_id
       JOIN ticket_article_senders se ON se.id = a.sender_id AND se.name = 'Agent'
       JOIN ticket_article_types ty ON ty.id = a.type_id AND ty.name <> 'note'
      WHERE NOT a.internal AND ${inPeriod('a.created_at')} AND t.${notMerged}
      GROUP BY 1 ORDER BY 1`,
  );
  expect(
    workload.agents
      .filter((r: Json) => r.answered > 0)
      .map((r: Json) => ({ user_id: r.user_id, n: r.answered }))
      .sort((x: Json, y: Json) => x.user_id - y.user_id),
  ).toEqual(answered);
  const sla = await report('sla', q);
  expect(sum(sla.units, 'met')).toBe(
    await count(
      `SELECT count(*) n FROM tickets WHERE ${inPeriod('created_at')} AND ${notMerged}
           AND first_response_at IS NOT NULL AND first_response_diff_in_min >= 0`,
    ),
  );
  expect(sum(sla.priorities, 'breached')).toBe(sum(sla.units, 'breached'));
  expect(sum(sla.units, 'breached')).toBe(
    await count(
      `SELECT count(*) n FROM tickets WHERE ${inPeriod('created_at')} AND ${notMerged}
           AND ((first_response_at IS NOT NULL AND first_response_diff_in_min < 0)
             OR (first_response_at IS NULL AND first_response_escalation_at <= now()))`,
    ),
  );
  const services = await report('services', q);
  expect(sum(services.services, 'created')).toBe(
    await count(
      `SELECT count(*) n FROM tickets WHERE ${inPeriod('created_at')} AND ${notMerged} AND eosc_service <> ''`,
    ),
  );
  const backlog = await report('backlog', q);
  const openNow = await count(
    `SELECT count(*) n FROM tickets WHERE created_at < (('${to}'::date + 1)::timestamp AT TIME ZONE 'UTC') AND state_id IN
         (SELECT s.id FROM ticket_states s JOIN ticket_state_types st ON st.id = s.state_type_id
           WHERE st.name NOT IN ('closed', 'merged'))`,
  );
  const age = backlog.age;
  expect(age.lt_1d + age.d1_7 + age.d7_30 + age.gt_30d).toBe(openNow);
  expect(backlog.buckets.at(-1).open).toBe(openNow);
}
