/** Writing the knowledge base's answers: translations, the publishing state machine, attachments. */
import { randomBytes } from 'node:crypto';
import type { Db } from '../../db/client.ts';
import { one } from '../../db/client.ts';
import { attach } from '../articles/attachments.ts';
import { InvalidError, NotFoundError } from '../errors.ts';
import { sanitizeHtml } from '../sanitize.ts';
import type { Row } from '../shapes.ts';
import { categoryOf, kbLocaleOf, nextPosition, type TranslationInput, titleOf } from './categories.ts';
import {
  ANSWER_COLUMNS,
  ANSWER_OBJECT,
  ANSWER_TRANSLATION_COLUMNS,
  type AnswerRow,
  type AnswerState,
  type AnswerTranslationRow,
  answerState,
  type KbData,
} from './data.ts';
import { htmlToText } from './text.ts';

export interface AnswerInput extends Row {
  category_id?: unknown;
  promoted?: boolean | null;
  internal_note?: unknown;
  additional_action?: unknown;
  translations_attributes?: TranslationInput[];
}

interface Pending {
  mime: string;
  data: Buffer;
  token: string;
}

/**
 * Sanitises an answer body; `data:` images become inline attachments of the answer, served by
 * `/api/v1/attachments/:id`.
 */
async function cleanBody(db: Db, answerId: number, actorId: number, body: string): Promise<string> {
  const pending: Pending[] = [];
  const nonce = randomBytes(6).toString('hex');
  let html = sanitizeHtml(body, {
    inlineImage: (mime, data) => {
      const token = `kb-inline-${nonce}-${pending.length}`;
      pending.push({ mime, data, token });
      return token;
    },
  });
  for (const [i, p] of pending.entries()) {
    const ext = p.mime.split('/')[1]?.replace('jpeg', 'jpg') ?? 'bin';
    const id = await addAttachment(db, answerId, actorId, {
      filename: `image${i + 1}.${ext}`,
      mime: p.mime,
      data: p.data,
      inline: true,
    });
    html = html.replaceAll(p.token, `/api/v1/attachments/${id}`);
  }
  return html;
}

/** `content_attributes.body` of a translation, when sent. */
function bodyOf(t: TranslationInput): string | undefined {
  const content =
    t.content_attributes && typeof t.content_attributes === 'object' ? (t.content_attributes as Row) : {};
  return content.body !== undefined && content.body !== null ? String(content.body) : undefined;
}

/** Changes (or with `_destroy` deletes) an existing translation; returns the content id it wrote. */
async function changeTranslation(
  db: Db,
  answerId: number,
  actorId: number,
  existing: AnswerTranslationRow,
  t: TranslationInput,
): Promise<number | undefined> {
  if (t._destroy === true) {
    await db.query('DELETE FROM knowledge_base_answer_translations WHERE id = $1', [existing.id]);
    await db.query('DELETE FROM knowledge_base_answer_translation_contents WHERE id = $1', [
      existing.content_id,
    ]);
    return undefined;
  }
  const title = t.title === undefined ? existing.title : titleOf(t.title);
  const body = bodyOf(t);
  if (body === undefined) {
    await db.query(
      'UPDATE knowledge_base_answer_translations SET title = $1, updated_by_id = $2, updated_at = now() WHERE id = $3',
      [title, actorId, existing.id],
    );
    return undefined;
  }
  const html = await cleanBody(db, answerId, actorId, body);
  await db.query('UPDATE knowledge_base_answer_translation_contents SET body = $1 WHERE id = $2', [
    html,
    existing.content_id,
  ]);
  await db.query(
    'UPDATE knowledge_base_answer_translations SET title = $1, body_text = $2, updated_by_id = $3, updated_at = now() WHERE id = $4',
    [title, htmlToText(html), actorId, existing.id],
  );
  return existing.content_id;
}

/** Adds a translation in a locale the answer has none in yet. */
async function addTranslation(
  db: Db,
  data: KbData,
  answerId: number,
  actorId: number,
  existing: AnswerTranslationRow[],
  t: TranslationInput,
): Promise<AnswerTranslationRow> {
  const kbLocaleId = kbLocaleOf(data, t.kb_locale_id);
  if (existing.some((x) => x.kb_locale_id === kbLocaleId))
    throw new InvalidError('Kb locale has already been taken');
  const title = titleOf(t.title);
  const html = await cleanBody(db, answerId, actorId, bodyOf(t) ?? '');
  const content = (await one<{ id: number }>(
    db,
    'INSERT INTO knowledge_base_answer_translation_contents (body) VALUES ($1) RETURNING id',
    [html],
  )) as { id: number };
  return (await one<AnswerTranslationRow>(
    db,
    `INSERT INTO knowledge_base_answer_translations (answer_id, kb_locale_id, content_id, title, body_text, created_by_id, updated_by_id)
     VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING ${ANSWER_TRANSLATION_COLUMNS}`,
    [answerId, kbLocaleId, content.id, title, htmlToText(html), actorId],
  )) as AnswerTranslationRow;
}

/** Rails nested attributes: with an `id` a translation changes, without one it is added. */
async function saveAnswerTranslations(
  db: Db,
  data: KbData,
  answerId: number,
  actorId: number,
  list: TranslationInput[],
): Promise<number[]> {
  const contentIds: number[] = [];
  const existing = await db.query<AnswerTranslationRow>(
    `SELECT ${ANSWER_TRANSLATION_COLUMNS} FROM knowledge_base_answer_translations WHERE answer_id = $1`,
    [answerId],
  );
  for (const t of list) {
    if (t.id === undefined || t.id === null || t.id === '') {
      const created = await addTranslation(db, data, answerId, actorId, existing, t);
      existing.push(created);
      contentIds.push(created.content_id);
      continue;
    }
    const current = existing.find((x) => x.id === Number(t.id));
    if (!current)
      throw new InvalidError(`Invalid value for param 'translations_attributes.id': ${JSON.stringify(t.id)}`);
    const contentId = await changeTranslation(db, answerId, actorId, current, t);
    if (contentId !== undefined) contentIds.push(contentId);
  }
  return contentIds;
}

/** `POST /knowledge_bases/:kb/answers`: a draft unless `additional_action` says otherwise. */
export async function createAnswer(
  db: Db,
  data: KbData,
  actorId: number,
  input: AnswerInput,
): Promise<{ id: number; contentIds: number[] }> {
  const category = categoryOf(data, input.category_id, 'category_id');
  const translations = input.translations_attributes ?? [];
  if (translations.length === 0) throw new InvalidError("The required value 'translations' is missing.");
  const position = await nextPosition(
    db,
    'SELECT max(position) AS n FROM knowledge_base_answers WHERE category_id = $1',
    [category.id],
  );
  const row = (await one<{ id: number }>(
    db,
    `INSERT INTO knowledge_base_answers (category_id, position, promoted, internal_note, created_by_id, updated_by_id)
     VALUES ($1, $2, $3, $4, $5, $5) RETURNING id`,
    [
      category.id,
      position,
      input.promoted === true,
      typeof input.internal_note === 'string' ? sanitizeHtml(input.internal_note) : null,
      actorId,
    ],
  )) as { id: number };
  const contentIds = await saveAnswerTranslations(db, data, row.id, actorId, translations);
  if (input.additional_action) await changeAnswerState(db, row.id, actorId, String(input.additional_action));
  return { id: row.id, contentIds };
}

export async function updateAnswer(
  db: Db,
  data: KbData,
  actorId: number,
  id: number,
  input: AnswerInput,
): Promise<{ contentIds: number[] }> {
  const a = data.answers.find((x) => x.id === id);
  if (!a) throw new NotFoundError('KnowledgeBase::Answer', id);
  let categoryId = a.category_id;
  let position = a.position;
  if (input.category_id !== undefined && Number(input.category_id) !== a.category_id) {
    categoryId = categoryOf(data, input.category_id, 'category_id').id;
    position = await nextPosition(
      db,
      'SELECT max(position) AS n FROM knowledge_base_answers WHERE category_id = $1',
      [categoryId],
    );
  }
  await db.query(
    `UPDATE knowledge_base_answers SET category_id = $1, position = $2, promoted = $3, internal_note = $4,
            updated_by_id = $5, updated_at = now() WHERE id = $6`,
    [
      categoryId,
      position,
      input.promoted === undefined ? a.promoted : input.promoted === true,
      input.internal_note === undefined
        ? a.internal_note
        : typeof input.internal_note === 'string'
          ? sanitizeHtml(input.internal_note)
          : null,
      actorId,
      id,
    ],
  );
  const contentIds = await saveAnswerTranslations(db, data, id, actorId, input.translations_attributes ?? []);
  if (input.additional_action) await changeAnswerState(db, id, actorId, String(input.additional_action));
  return { contentIds };
}

export async function deleteAnswer(db: Db, id: number): Promise<void> {
  const contents = await db.query<{ content_id: number }>(
    'SELECT content_id FROM knowledge_base_answer_translations WHERE answer_id = $1',
    [id],
  );
  await db.query('DELETE FROM knowledge_base_answers WHERE id = $1', [id]);
  await db.query('DELETE FROM knowledge_base_answer_translation_contents WHERE id = ANY($1::int[])', [
    contents.map((c) => c.content_id),
  ]);
  await db.query('DELETE FROM attachments WHERE object = $1 AND o_id = $2', [ANSWER_OBJECT, id]);
  await db.query('DELETE FROM tags WHERE object = $1 AND o_id = $2', [ANSWER_OBJECT, id]);
}

const TRANSITIONS: Record<string, AnswerState[]> = {
  internal: ['draft', 'published'],
  publish: ['draft', 'internal'],
  archive: ['internal', 'published'],
  unarchive: ['archived'],
};

/**
 * The publishing state machine: internal (draft, published → internal), publish (draft,
 * internal → published), archive (internal, published → archived), unarchive (archived → draft).
 * Any other move is 422.
 */
export async function changeAnswerState(db: Db, id: number, actorId: number, action: string): Promise<void> {
  const a = await one<AnswerRow>(
    db,
    `SELECT ${ANSWER_COLUMNS} FROM knowledge_base_answers WHERE id = $1 FOR UPDATE`,
    [id],
  );
  if (!a) throw new NotFoundError('KnowledgeBase::Answer', id);
  const from = TRANSITIONS[action];
  if (!from) throw new InvalidError(`Invalid value for param 'additional_action': ${JSON.stringify(action)}`);
  const state = answerState(a);
  if (!from.includes(state)) throw new InvalidError(`Event '${action}' cannot transition from '${state}'.`);
  const sql: Record<string, string> = {
    internal: 'internal_at = now(), internal_by_id = $1, published_at = NULL, published_by_id = NULL',
    publish: 'published_at = now(), published_by_id = $1',
    archive: 'archived_at = now(), archived_by_id = $1',
    unarchive:
      'archived_at = NULL, archived_by_id = NULL, internal_at = NULL, internal_by_id = NULL, published_at = NULL, published_by_id = NULL, updated_by_id = $1',
  };
  await db.query(`UPDATE knowledge_base_answers SET ${sql[action]}, updated_at = now() WHERE id = $2`, [
    actorId,
    id,
  ]);
}

/** Stores an answer attachment in the content-addressed file store. */
export async function addAttachment(
  db: Db,
  answerId: number,
  actorId: number,
  file: { filename: string; mime: string; data: Buffer; inline?: boolean },
): Promise<number> {
  const preferences: Row = { 'Content-Type': file.mime, 'Mime-Type': file.mime };
  if (file.inline) preferences['Content-Disposition'] = 'inline';
  const id = await attach(
    db,
    { object: ANSWER_OBJECT, id: answerId },
    { filename: file.filename, data: file.data, preferences },
    actorId,
  );
  await db.query('UPDATE knowledge_base_answers SET updated_at = now() WHERE id = $1', [answerId]);
  return id;
}

export async function removeAttachment(db: Db, answerId: number, attachmentId: number): Promise<void> {
  const gone = await db.query(
    'DELETE FROM attachments WHERE id = $1 AND object = $2 AND o_id = $3 RETURNING id',
    [attachmentId, ANSWER_OBJECT, answerId],
  );
  if (gone.length === 0) throw new NotFoundError('Store', attachmentId);
  await db.query('UPDATE knowledge_base_answers SET updated_at = now() WHERE id = $1', [answerId]);
}

/** Which KB an answer or category belongs to (for `/attachments/:id`). */
