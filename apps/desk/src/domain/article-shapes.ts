import type { Db } from '../db/client.ts';
import { nameMaps, userLogins } from './serialize.ts';

export interface ArticleRow {
  id: number;
  ticket_id: number;
  type_id: number;
  sender_id: number;
  internal: boolean;
  created_by_id: number;
  updated_by_id: number;
  [key: string]: unknown;
}

/** Articles always carry names and attachments (Zammad's show, by_ticket and create). */
export async function serializeArticles(db: Db, rows: ArticleRow[]): Promise<Record<string, unknown>[]> {
  if (rows.length === 0) return [];
  const names = await nameMaps(db);
  const logins = await userLogins(
    db,
    rows.flatMap((r) => [r.created_by_id, r.updated_by_id]),
  );
  const atts = await db.query<{
    id: number;
    o_id: number;
    filename: string;
    size: number;
    preferences: Record<string, unknown>;
    store_file_id: number;
  }>(
    `SELECT id, o_id, filename, size, preferences, store_file_id FROM attachments
      WHERE object = 'Ticket::Article' AND o_id = ANY($1) ORDER BY id`,
    [rows.map((r) => r.id)],
  );
  const byArticle = new Map<number, Record<string, unknown>[]>();
  for (const a of atts) {
    const list = byArticle.get(a.o_id) ?? [];
    list.push({
      id: a.id,
      filename: a.filename,
      size: String(a.size),
      preferences: a.preferences,
      store_file_id: a.store_file_id,
    });
    byArticle.set(a.o_id, list);
  }
  return rows.map((r) => ({
    ...r,
    type: names.type.get(r.type_id),
    sender: names.sender.get(r.sender_id),
    created_by: logins.get(r.created_by_id),
    updated_by: logins.get(r.updated_by_id),
    attachments: byArticle.get(r.id) ?? [],
  }));
}
