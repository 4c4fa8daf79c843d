/**
 * The trigger engine, a ticket-change listener (order 10, before the bell and notification
 * mails): on every ticket create and update, the active triggers run in name order (as Zammad
 * orders them); each whose condition holds performs its actions in the same transaction.
 *
 * - Each trigger fires at most once per change.
 * - Ticket changes a trigger makes are a change of their own (source `trigger`, by the system
 *   user): the triggers that have not fired yet see them in a further pass, at most MAX_PASSES.
 * - Loop protection across changes: when triggers fired more than `maxRunsPerMinute` times on
 *   one ticket within a minute (a webhook receiver or mail robot answering each change), they
 *   stop for that ticket with a log line until the minute is over.
 * - Mails go out as System e-mail articles through the worker; webhooks are queued as jobs.
 */
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { now } from '../../lib/clock.ts';
import { type Actor, loadActor } from '../actor.ts';
import { onTicketChange, type TicketChange } from '../events/ticket-changed.ts';
import type { Row } from '../shapes.ts';
import { loadTicket, type TicketRow } from '../ticket-access.ts';
import { queueWebhook } from '../webhooks/queue.ts';
import { conditionHolds, selectiveAllows } from './condition.ts';
import { triggerConfig } from './config.ts';
import { sendTriggerEmail } from './notification.ts';
import { applyTicketActions } from './perform.ts';

export const MAX_PASSES = 10;

interface TriggerRow {
  id: number;
  name: string;
  condition: Row;
  perform: Row;
  execution_condition_mode: 'selective' | 'always';
}

/** The system user, able to see every attribute and to create tags. */
async function systemActor(db: Db): Promise<Actor | undefined> {
  const a = await loadActor(db, 1);
  return a && { ...a, permissions: [...a.permissions, 'ticket.agent', 'admin.tag'] };
}

/** Counts this run and says whether the ticket is still below the per-minute limit. */
async function withinLimit(db: Db, ticketId: number, triggerId: number): Promise<boolean> {
  const at = now();
  const recent = await one<{ n: number }>(
    db,
    `SELECT count(*)::int AS n FROM trigger_runs WHERE ticket_id = $1 AND created_at > $2`,
    [ticketId, new Date(at.getTime() - 60_000)],
  );
  if ((recent?.n ?? 0) >= triggerConfig().maxRunsPerMinute) return false;
  await db.query('DELETE FROM trigger_runs WHERE ticket_id = $1 AND created_at < $2', [
    ticketId,
    new Date(at.getTime() - 3_600_000),
  ]);
  await db.query('INSERT INTO trigger_runs (ticket_id, trigger_id, created_at) VALUES ($1, $2, $3)', [
    ticketId,
    triggerId,
    at,
  ]);
  return true;
}

/** Performs a trigger; returns the ticket after it and whether its attributes changed. */
async function perform(
  db: Db,
  system: Actor,
  trigger: TriggerRow,
  change: TicketChange,
): Promise<{ ticket: TicketRow; changed: boolean }> {
  const p = trigger.perform ?? {};
  const applied = await applyTicketActions(db, system, change.ticket, p, change.actor.user.id);
  let ticket = applied.ticket;
  const email = p['notification.email'];
  if (email && typeof email === 'object' && !Array.isArray(email)) {
    const sent = await sendTriggerEmail(db, trigger, email as Row, ticket, change.article);
    // The mail is an article: the reply shows the new article count.
    if (sent.articleId) ticket = await loadTicket(db, ticket.id);
  }
  const hook = p['notification.webhook'] as Row | undefined;
  const webhookId = Number(hook?.webhook_id);
  if (Number.isSafeInteger(webhookId) && webhookId > 0)
    await queueWebhook(db, {
      webhookId,
      triggerId: trigger.id,
      ticketId: ticket.id,
      articleId: change.article?.id ?? null,
    });
  return { ticket, changed: applied.changed.length > 0 };
}

/** Runs the triggers for one change; returns the ticket when they changed it. */
export async function runTriggers(db: Db, change: TicketChange): Promise<TicketRow | undefined> {
  const triggers = await db.query<TriggerRow>(
    `SELECT id, name, condition, perform, execution_condition_mode FROM triggers
      WHERE active AND activator = 'action' ORDER BY name, id`,
  );
  if (triggers.length === 0) return undefined;
  const system = await systemActor(db);
  if (!system) return undefined;
  const fired = new Set<number>();
  let current = change;
  let ticket = change.ticket;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    const before = ticket;
    let changed = false;
    for (const trigger of triggers) {
      if (fired.has(trigger.id)) continue;
      const c = { ...current, ticket };
      if (trigger.execution_condition_mode !== 'always' && !selectiveAllows(trigger.condition, c)) continue;
      if (!(await conditionHolds(db, system, trigger.condition, c))) continue;
      fired.add(trigger.id);
      if (!(await withinLimit(db, ticket.id, trigger.id))) {
        console.warn(
          `desk: triggers stopped for ticket ${ticket.id}: more than ${triggerConfig().maxRunsPerMinute} runs within a minute (loop protection; trigger '${trigger.name}' skipped)`,
        );
        return ticket === change.ticket ? undefined : ticket;
      }
      const done = await perform(db, system, trigger, c);
      ticket = done.ticket;
      changed ||= done.changed;
    }
    if (!changed) break;
    if (pass === MAX_PASSES - 1)
      console.warn(
        `desk: triggers stopped for ticket ${ticket.id} after ${MAX_PASSES} passes (loop protection)`,
      );
    current = { type: 'update', actor: system, ticket, before, article: null, source: 'trigger' };
  }
  return ticket === change.ticket ? undefined : ticket;
}

export function registerTriggers(): void {
  onTicketChange('triggers', 10, runTriggers);
}
