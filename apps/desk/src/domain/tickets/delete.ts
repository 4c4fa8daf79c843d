import type { Db } from '../../db/client.ts';
import { deleteAttachments } from '../articles/attachments.ts';

/** `DELETE /tickets/:id` (admin): the ticket and everything hanging off it. */
export async function deleteTicket(db: Db, id: number): Promise<void> {
  const articles = await db.query<{ id: number }>('SELECT id FROM ticket_articles WHERE ticket_id = $1', [
    id,
  ]);
  // The files go with their attachments, unless another attachment shares them.
  await deleteAttachments(
    db,
    'Ticket::Article',
    articles.map((a) => a.id),
  );
  await db.query(
    `DELETE FROM histories WHERE (object = 'Ticket' AND o_id = $1) OR (related_object = 'Ticket' AND related_o_id = $1)`,
    [id],
  );
  await db.query(`DELETE FROM tags WHERE object = 'Ticket' AND o_id = $1`, [id]);
  await db.query(`DELETE FROM mentions WHERE mentionable_type = 'Ticket' AND mentionable_id = $1`, [id]);
  await db.query(`DELETE FROM online_notifications WHERE object = 'Ticket' AND o_id = $1`, [id]);
  await db.query(
    `DELETE FROM links WHERE (link_object_source = 'Ticket' AND link_object_source_value = $1)
        OR (link_object_target = 'Ticket' AND link_object_target_value = $1)`,
    [id],
  );
  await db.query('DELETE FROM tickets WHERE id = $1', [id]);
}
