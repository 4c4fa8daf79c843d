import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { isBase64, loadAttachment } from '../domain/articles/attachments.ts';
import { COMMUNITY_ADMIN } from '../domain/communities.ts';
import { NotFoundError } from '../domain/errors.ts';
import {
  addAttachment,
  changeAnswerState,
  createAnswer,
  deleteAnswer,
  removeAttachment,
  updateAnswer,
} from '../domain/knowledge-base/answers.ts';
import { ANSWER_OBJECT, type KbData, kbOfAnswer } from '../domain/knowledge-base/data.ts';
import { answerAssets, assertAnswerVisible } from '../domain/knowledge-base/records.ts';
import { requirePermission } from '../http/auth.ts';
import { dispositionOf, download } from '../http/download.ts';
import type { DeskEnv } from '../http/env.ts';
import { ApiError } from '../http/errors.ts';
import { input, pathId, ref } from '../http/input.ts';
import { reply } from '../http/reply.ts';
import { answerCommunities, assertKbWriter } from './kb-community.ts';
import { AnswerInput, context, EDITOR, fresh, ids } from './kb-context.ts';

const ANSWER = 'KnowledgeBase::Answer';

/** The answer's assets, read again after a write. */
async function answerReply(
  c: Context<DeskEnv>,
  kbId: number,
  id: number,
  contentIds: number[],
  status: 200 | 201,
) {
  const { data, v } = await fresh(c, kbId);
  return reply(c, { id, assets: await answerAssets(c.get('db'), data, v, id, contentIds) }, status);
}

/** The knowledge base and the answer named in the path (404 when the answer is not in it). */
async function answerIn(c: Context<DeskEnv>): Promise<{ data: KbData; id: number }> {
  const { data } = await context(c, c.req.param('kb'));
  const id = pathId(c.req.param('id'), ANSWER);
  if (!data.answers.some((a) => a.id === id)) throw new NotFoundError(ANSWER, id);
  return { data, id };
}

const Upload = z.looseObject({ filename: ref, data: ref, 'mime-type': ref });

/**
 * The uploaded file: multipart `file` (Zammad's form upload), or JSON `{filename, data (base64),
 * "mime-type"}` as ticket articles take attachments. The multipart body is read as bytes here;
 * the merged params read bodies as text, which would mangle binary files.
 */
async function uploadedFile(c: Context<DeskEnv>): Promise<{ filename: string; mime: string; data: Buffer }> {
  if ((c.req.header('content-type') ?? '').includes('multipart/form-data')) {
    const form = await c.req.formData().catch(() => {
      throw new ApiError(422, 'Unable to parse multipart body');
    });
    const file = form.get('file');
    if (!file || typeof file === 'string') throw new ApiError(422, "The required value 'file' is missing.");
    return {
      filename: file.name || 'file',
      mime: file.type || 'application/octet-stream',
      data: Buffer.from(await file.arrayBuffer()),
    };
  }
  const q = await input(c, Upload);
  const filename = typeof q.filename === 'string' ? q.filename.trim() : '';
  const data = typeof q.data === 'string' ? q.data : '';
  const mime = typeof q['mime-type'] === 'string' ? q['mime-type'] : 'application/octet-stream';
  if (!filename || !data) throw new ApiError(422, "The required value 'file' is missing.");
  if (!isBase64(data)) throw new ApiError(422, 'Invalid base64 for attachment');
  return { filename, mime, data: Buffer.from(data, 'base64') };
}

/**
 * Knowledge-base answers: anyone reads what they may see, editors write and publish; community
 * admins write and publish answers in their community's categories.
 */
function answerRoutes() {
  const app = new Hono<DeskEnv>();
  const editor = requirePermission([EDITOR, COMMUNITY_ADMIN]);
  const one = '/knowledge_bases/:kb{[0-9]+}/answers/:id{[0-9]+}';

  app.get(one, async (c) => {
    const { data, v } = await context(c, c.req.param('kb'));
    const id = pathId(c.req.param('id'), ANSWER);
    assertAnswerVisible(data, v, id, !c.get('actor'));
    const { include_contents } = await input(c, z.looseObject({ include_contents: ref }));
    return reply(c, { id, assets: await answerAssets(c.get('db'), data, v, id, ids(include_contents)) });
  });

  app.post('/knowledge_bases/:kb{[0-9]+}/answers', editor, async (c) => {
    const { data } = await context(c, c.req.param('kb'));
    const body = await input(c, AnswerInput);
    await assertKbWriter(c, answerCommunities(data, undefined, body));
    const created = await c.get('db').tx((tx) => createAnswer(tx, data, c.get('actor').user.id, body));
    return answerReply(c, data.kb.id, created.id, created.contentIds, 201);
  });

  const patch = async (c: Context<DeskEnv>) => {
    const { data } = await context(c, c.req.param('kb'));
    const id = pathId(c.req.param('id'), ANSWER);
    const body = await input(c, AnswerInput);
    if (!data.answers.some((a) => a.id === id)) throw new NotFoundError(ANSWER, id);
    await assertKbWriter(c, answerCommunities(data, id, body));
    const { contentIds } = await c
      .get('db')
      .tx((tx) => updateAnswer(tx, data, c.get('actor').user.id, id, body));
    return answerReply(c, data.kb.id, id, contentIds, 200);
  };
  app.patch(one, editor, patch);
  app.put(one, editor, patch);

  app.delete(one, editor, async (c) => {
    const { data, id } = await answerIn(c);
    await assertKbWriter(c, answerCommunities(data, id, {}));
    await c.get('db').tx((tx) => deleteAnswer(tx, id));
    return reply(c, {});
  });

  for (const action of ['internal', 'publish', 'archive', 'unarchive'] as const) {
    app.post(`${one}/${action}`, editor, async (c) => {
      const { data, id } = await answerIn(c);
      await assertKbWriter(c, answerCommunities(data, id, {}));
      await c.get('db').tx((tx) => changeAnswerState(tx, id, c.get('actor').user.id, action));
      return answerReply(c, data.kb.id, id, [], 200);
    });
  }

  return app;
}

/** Answer attachments: editors add and remove them; readers download what they may see. */
function kbAttachmentRoutes() {
  const app = new Hono<DeskEnv>();
  const editor = requirePermission(EDITOR);
  const one = '/knowledge_bases/:kb{[0-9]+}/answers/:id{[0-9]+}';

  app.post(`${one}/attachments`, editor, async (c) => {
    const { data, id } = await answerIn(c);
    const file = await uploadedFile(c);
    await c.get('db').tx((tx) => addAttachment(tx, id, c.get('actor').user.id, file));
    const after = await fresh(c, data.kb.id);
    return reply(c, await answerAssets(c.get('db'), after.data, after.v, id, []));
  });

  app.delete(`${one}/attachments/:att{[0-9]+}`, editor, async (c) => {
    const { data, id } = await answerIn(c);
    await removeAttachment(c.get('db'), id, pathId(c.req.param('att'), 'Store'));
    const after = await fresh(c, data.kb.id);
    return reply(c, await answerAssets(c.get('db'), after.data, after.v, id, []));
  });

  /** Zammad's attachment download, for knowledge-base answer attachments (public ones anonymously). */
  app.get('/attachments/:id{[0-9]+}', async (c) => {
    const db = c.get('db');
    const id = pathId(c.req.param('id'), 'Store');
    const att = await loadAttachment(db, id);
    const kbId = att.object === ANSWER_OBJECT ? await kbOfAnswer(db, att.o_id) : undefined;
    if (kbId === undefined) throw new NotFoundError('Store', id);
    const { data, v } = await context(c, String(kbId));
    assertAnswerVisible(data, v, att.o_id, !c.get('actor'));
    const { disposition } = await input(c, z.looseObject({ disposition: ref }));
    return download(c, att, dispositionOf(disposition));
  });

  return app;
}

export function kbAnswerRoutes() {
  const app = new Hono<DeskEnv>();
  app.route('/', answerRoutes());
  app.route('/', kbAttachmentRoutes());
  return app;
}
