/**
 * `POST /tickets/mass_update` (Zammad's TicketsMassController#update): one change set (and
 * optionally one article) applied to many tickets, all or nothing.
 *
 * - Every ticket must exist (else 404) and the caller needs agent `change` access to each one
 *   (agent_update_access?); otherwise nothing changes and the reply is 422
 *   `{"error": true, "ticket_id": <first refused>}` — Zammad's shape, not a 403.
 * - `attributes` take ids or names (`state: "open"`); blank values are dropped (Rails'
 *   `compact_blank`); `number` is ignored.
 * - Each ticket then goes through the same update as `PUT /tickets/:id` (owner validation,
 *   history, notifications), in one transaction; a ticket whose update fails (a bad name, an
 *   invalid article...) rolls back all and answers 422
 *   `{"error": true, "ticket_id": N, "error_human": <why>}` (Zammad answers a bad name with a
 *   plain error message; our contract keeps one 422 shape for this route).
 */
import type { Db } from '../../db/client.ts';
import { type Actor, hasGroupAccess, isAgent } from '../actor.ts';
import type { ArticleInput } from '../articles/create.ts';
import { ticketAssets } from '../assets.ts';
import { InvalidError, NotFoundError } from '../errors.ts';
import type { Assets, Row } from '../shapes.ts';
import type { TicketRow } from '../ticket-access.ts';
import { updateTicket } from './update.ts';

/** Zammad has no limit; this keeps one request from locking an unbounded number of rows. */
export const MASS_UPDATE_LIMIT = 2000;

export type MassUpdateResult =
  | { ok: true; body: { ticket_ids: number[]; assets: Assets } }
  | { ok: false; body: { error: true; ticket_id: number; error_human?: string } };

function blank(v: unknown): boolean {
  if (v === null || v === undefined || v === false) return true;
  if (typeof v === 'string') return v.trim() === '';
  if (Array.isArray(v)) return v.length === 0;
  if (typeof v === 'object') return Object.keys(v as object).length === 0;
  return false;
}

/** The change set: blanks dropped (Rails' `compact_blank`), server-owned keys ignored. */
function cleanAttributes(attributes: unknown): Row {
  if (attributes === undefined || attributes === null || attributes === '') return {};
  if (typeof attributes !== 'object' || Array.isArray(attributes))
    throw new InvalidError("Invalid value for param 'attributes'");
  const out: Row = {};
  for (const [k, v] of Object.entries(attributes as Row)) {
    if (blank(v) || k === 'number' || k === 'id' || k === 'article' || k === '__proto__') continue;
    out[k] = v;
  }
  return out;
}

class Refused extends Error {
  constructor(
    readonly ticketId: number,
    readonly why?: string,
  ) {
    super(`ticket ${ticketId} refused`);
  }
}

export interface MassUpdateInput {
  /** Undefined when none were sent. */
  ticketIds: number[] | undefined;
  attributes: unknown;
  article?: ArticleInput | unknown[] | undefined;
}

export async function massUpdate(db: Db, actor: Actor, input: MassUpdateInput): Promise<MassUpdateResult> {
  if (input.ticketIds === undefined) throw new NotFoundError('Ticket');
  const unique = [...new Set(input.ticketIds)];
  if (unique.length > MASS_UPDATE_LIMIT)
    throw new InvalidError(`At most ${MASS_UPDATE_LIMIT} tickets can be updated at once.`);
  const attributes = cleanAttributes(input.attributes);
  const article =
    input.article && !Array.isArray(input.article) && Object.keys(input.article).length > 0
      ? input.article
      : undefined;
  try {
    const rows = await db.tx(async (tx) => {
      const found = await tx.query<TicketRow>(
        'SELECT * FROM tickets WHERE id = ANY($1::int[]) ORDER BY id FOR UPDATE',
        [unique],
      );
      if (found.length !== unique.length) {
        const missing = unique.filter((id) => !found.some((t) => t.id === id));
        throw new NotFoundError('Ticket', missing[0]);
      }
      const byId = new Map(found.map((t) => [t.id, t]));
      // Authorise every ticket before changing any (fetch_tickets runs before the update).
      for (const id of unique) {
        const t = byId.get(id) as TicketRow;
        if (!isAgent(actor) || !hasGroupAccess(actor, t.group_id, 'change')) throw new Refused(id);
      }
      const updated: TicketRow[] = [];
      for (const id of unique) {
        const input: Row = { ...attributes };
        if (article) input.article = { ...article };
        try {
          updated.push(await updateTicket(tx, actor, id, input));
        } catch (err) {
          if (err instanceof InvalidError) throw new Refused(id, err.message);
          throw err;
        }
      }
      return updated;
    });
    return {
      ok: true,
      body: { ticket_ids: rows.map((r) => r.id), assets: await ticketAssets(db, actor, rows) },
    };
  } catch (err) {
    if (err instanceof Refused)
      return {
        ok: false,
        body: { error: true, ticket_id: err.ticketId, ...(err.why ? { error_human: err.why } : {}) },
      };
    throw err;
  }
}
