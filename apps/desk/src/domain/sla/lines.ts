/**
 * Lines of support (DOMAIN.md): a ticket goes from the first line (triage) to a second-line
 * unit with a written summary, from there to a third-line unit the same way, and back down
 * with a stated reason. Units carry `support_line`; a move between two units on different
 * lines needs an article in the same update (up: an internal note with the summary; down: the
 * reason, any article). Groups without a line move as in Zammad.
 */
import type { Db } from '../../db/client.ts';
import type { Actor } from '../actor.ts';
import { InvalidError } from '../errors.ts';
import { addHistory } from '../history.ts';
import type { Row } from '../shapes.ts';

export interface LineMove {
  from: number;
  to: number;
}

const ORDINAL = ['', 'first', 'second', 'third'];
const UNIT = ['', 'a first-line unit', 'a second-line unit', 'a third-line unit'];

/** Text left of an article body once markup and whitespace are gone. */
function hasText(body: unknown): boolean {
  if (typeof body !== 'string') return false;
  return (
    body
      .replace(/<[^>]*>/g, ' ')
      .replace(/&nbsp;/g, ' ')
      .trim() !== ''
  );
}

/**
 * The line change of a group change, refused (422) without the article it needs; undefined
 * when the move is not between lines.
 */
export async function lineMove(
  db: Db,
  fromGroup: number,
  toGroup: number | undefined,
  article: Row | undefined,
): Promise<LineMove | undefined> {
  if (toGroup === undefined || toGroup === fromGroup) return undefined;
  const rows = await db.query<{ id: number; support_line: number | null }>(
    'SELECT id, support_line FROM groups WHERE id = ANY($1::int[])',
    [[fromGroup, toGroup]],
  );
  const from = rows.find((r) => r.id === fromGroup)?.support_line ?? null;
  const to = rows.find((r) => r.id === toGroup)?.support_line ?? null;
  if (from === null || to === null || from === to) return undefined;
  const move = `Moving this ticket from the ${ORDINAL[from]} line to ${UNIT[to]}`;
  if (to > from) {
    if (!article || !hasText(article.body) || article.internal !== true)
      throw new InvalidError(`${move} needs a written summary: add an internal note.`);
  } else if (!article || !hasText(article.body)) {
    throw new InvalidError(`${move} needs a reason: add a note saying why it goes back.`);
  }
  return { from, to };
}

/**
 * The move in the ticket's history, beside the group change: `support_line` 1 → 2 (the note
 * with the summary or reason is the article created with it).
 */
export async function recordLineMove(db: Db, actor: Actor, ticketId: number, move: LineMove): Promise<void> {
  await addHistory(db, {
    o_id: ticketId,
    object: 'Ticket',
    type: 'updated',
    attribute: 'support_line',
    value_from: String(move.from),
    value_to: String(move.to),
    created_by_id: actor.user.id,
  });
}
