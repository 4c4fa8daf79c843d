/**
 * Ticket states and priorities: small admin-managed tables with the generic record shapes.
 * A state names its type and its next state by id or name.
 */
import type { Db } from '../db/client.ts';
import type { RecordModel } from './crud.ts';
import { requireName } from './records.ts';
import type { Row } from './shapes.ts';

/** Only one state/priority is the `default_create` (and `default_follow_up`) one. */
async function keepDefaultsUnique(db: Db, table: string, row: Row, input: Row): Promise<void> {
  for (const flag of ['default_create', 'default_follow_up']) {
    if (row[flag] === true && input[flag] !== undefined)
      await db.query(`UPDATE ${table} SET ${flag} = false WHERE id <> $1 AND ${flag}`, [row.id]);
  }
}

function lookupTable(table: string, model: string, more: Partial<RecordModel>): RecordModel {
  return {
    table,
    model,
    prepare: (_db, _actor, attrs, _input, current) => requireName(attrs, !current),
    afterWrite: (db, _actor, row, input) => keepDefaultsUnique(db, table, row, input),
    ...more,
  };
}

export const TICKET_STATES = lookupTable('ticket_states', 'Ticket::State', {
  refs: { state_type: 'ticket_state_types', next_state: 'ticket_states' },
  referencedBy: [
    ['tickets', 'state_id'],
    ['ticket_states', 'next_state_id'],
  ],
});

export const TICKET_PRIORITIES = lookupTable('ticket_priorities', 'Ticket::Priority', {
  referencedBy: [['tickets', 'priority_id']],
});
