import { type Context, Hono } from 'hono';
import { type DeskEnv, requirePermission } from '../auth.ts';
import { one } from '../db/client.ts';
import {
  ANSWER_OBJECT,
  addAttachment,
  answerAssets,
  assertAnswerVisible,
  assertCategoryVisible,
  categoryAssets,
  categoryRecord,
  changeAnswerState,
  createAnswer,
  createCategory,
  deleteAnswer,
  deleteCategory,
  initAssets,
  type KbData,
  kbLevel,
  kbOfAnswer,
  kbRecord,
  loadKbData,
  removeAttachment,
  reorder,
  searchKb,
  truthyParam,
  updateAnswer,
  updateCategory,
  updateKb,
  type Visible,
  visibleSets,
} from '../domain/knowledge-base.ts';
import { idParam } from '../domain/reference-data.ts';
import { ApiError, notFound } from '../lib/errors.ts';
import { params, reply } from '../lib/http.ts';

const API = '/api/v1';
const PUBLIC_ROUTES: [string, RegExp][] = [
  ['POST', /^\/knowledge_bases\/init$/],
  ['POST', /^\/knowledge_bases\/search$/],
  ['GET', /^\/knowledge_bases\/visible_ids$/],
  ['GET', /^\/knowledge_bases\/[0-9]+\/answers\/[0-9]+$/],
  ['GET', /^\/knowledge_bases\/[0-9]+\/categories\/[0-9]+$/],
  ['GET', /^\/attachments\/[0-9]+$/],
];

/** The knowledge-base routes that answer without credentials (published content only). */
export function kbAnonymousRoute(method: string, path: string): boolean {
  if (!path.startsWith(`${API}/`)) return false;
  const rest = path.slice(API.length).replace(/\/+$/, '');
  return PUBLIC_ROUTES.some(([m, re]) => m === method && re.test(rest));
}

const EDITOR = 'knowledge_base.editor';
const TYPE_TO_TABLE = { category: 'knowledge_base_categories', answer: 'knowledge_base_answers' } as const;
const INLINE_SAFE = /^(image\/(png|jpe?g|gif|webp|bmp)|application\/pdf|text\/plain)$/i;

function ids(v: unknown): number[] {
  const list = Array.isArray(v)
    ? v
    : typeof v === 'string'
      ? v.split(',')
      : v === undefined || v === null
        ? []
        : [v];
  return list.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
}

async function context(
  c: Context<DeskEnv>,
  kbRaw: string | undefined,
): Promise<{ data: KbData; v: Visible }> {
  const db = c.get('db');
  const data = await loadKbData(db, idParam(kbRaw, 'KnowledgeBase'));
  const level = kbLevel(c.get('actor'));
  // An inactive knowledge base shows nothing to the public.
  if (level === 'public' && !data.kb.active) throw notFound('KnowledgeBase', data.kb.id);
  return { data, v: visibleSets(data, level) };
}

async function allKbIds(c: Context<DeskEnv>): Promise<number[]> {
  return (await c.get('db').query<{ id: number }>('SELECT id FROM knowledge_bases ORDER BY id')).map(
    (r) => r.id,
  );
}

/** After a write: the data again, seen as the editor who wrote it. */
async function fresh(c: Context<DeskEnv>, kbId: number): Promise<{ data: KbData; v: Visible }> {
  const data = await loadKbData(c.get('db'), kbId);
  return { data, v: visibleSets(data, kbLevel(c.get('actor'))) };
}

/** Zammad's knowledge base API (§3.12). */
export function knowledgeBaseRoutes() {
  const app = new Hono<DeskEnv>();
  const editor = requirePermission(EDITOR);
  const manager = requirePermission('admin.knowledge_base');

  app.post('/knowledge_bases/init', async (c) => {
    const db = c.get('db');
    const q = await params(c);
    const level = kbLevel(c.get('actor'));
    const assets: Record<string, Record<string, unknown>> = {};
    for (const id of await allKbIds(c)) {
      const data = await loadKbData(db, id);
      if (level === 'public' && !data.kb.active) continue;
      mergeAssets(
        assets,
        await initAssets(db, data, visibleSets(data, level), ids(q.answer_translation_content_ids)),
      );
    }
    return reply(c, assets);
  });

  app.get('/knowledge_bases/visible_ids', async (c) => {
    const level = kbLevel(c.get('actor'));
    const out = { answer_ids: [] as number[], category_ids: [] as number[] };
    for (const id of await allKbIds(c)) {
      const data = await loadKbData(c.get('db'), id);
      if (level === 'public' && !data.kb.active) continue;
      const v = visibleSets(data, level);
      out.answer_ids.push(...data.answers.filter((a) => v.answers.has(a.id)).map((a) => a.id));
      out.category_ids.push(...data.categories.filter((x) => v.categories.has(x.id)).map((x) => x.id));
    }
    return reply(c, out);
  });

  app.post('/knowledge_bases/search', async (c) => {
    const q = await params(c);
    const kbId =
      q.knowledge_base_id === undefined || q.knowledge_base_id === '' ? 1 : Number(q.knowledge_base_id);
    const exists =
      Number.isSafeInteger(kbId) &&
      (await one(c.get('db'), 'SELECT 1 FROM knowledge_bases WHERE id = $1 AND active', [kbId]));
    if (!exists) return reply(c, { result: [], details: [] });
    const data = await loadKbData(c.get('db'), kbId);
    const level = q.flavor === 'public' ? 'public' : kbLevel(c.get('actor'));
    const limitRaw = Number(q.limit ?? 10);
    const limit = Number.isFinite(limitRaw) && limitRaw >= 1 ? Math.min(Math.floor(limitRaw), 100) : 10;
    const scope =
      q.scope_id === undefined || q.scope_id === null || q.scope_id === '' ? undefined : Number(q.scope_id);
    const result = await searchKb(c.get('db'), data, visibleSets(data, level), {
      query: typeof q.query === 'string' ? q.query : '',
      locale: typeof q.locale === 'string' && q.locale ? q.locale : undefined,
      index: typeof q.index === 'string' && q.index ? q.index : undefined,
      scopeId: scope !== undefined && Number.isSafeInteger(scope) ? scope : undefined,
      limit,
      includeLocale: truthyParam(q.include_locale),
      urlType: q.url_type === 'agent' ? 'agent' : 'public',
    });
    return reply(c, result);
  });

  // ------------------------------------------------------------ the knowledge base itself

  const showKb = async (c: Context<DeskEnv>) => {
    const { data, v } = await context(c, c.req.param('kb'));
    const q = await params(c);
    if (truthyParam(q.full))
      return reply(c, { id: data.kb.id, assets: await initAssets(c.get('db'), data, v, []) });
    return reply(c, kbRecord(data, v));
  };
  const patchKb = async (c: Context<DeskEnv>) => {
    const id = idParam(c.req.param('kb'), 'KnowledgeBase');
    await loadKbData(c.get('db'), id);
    await updateKb(c.get('db'), id, await params(c));
    const { data, v } = await fresh(c, id);
    return reply(c, kbRecord(data, v));
  };
  app.get('/knowledge_bases/:kb{[0-9]+}', showKb);
  app.get('/knowledge_bases/manage/:kb{[0-9]+}', manager, showKb);
  for (const path of ['/knowledge_bases/:kb{[0-9]+}', '/knowledge_bases/manage/:kb{[0-9]+}']) {
    app.patch(path, manager, patchKb);
    app.put(path, manager, patchKb);
  }

  // ------------------------------------------------------------ categories

  const categoryReply = async (c: Context<DeskEnv>, kbId: number, id: number, status: 200 | 201) => {
    const { data, v } = await fresh(c, kbId);
    const q = await params(c);
    const cat = data.categories.find((x) => x.id === id);
    if (!cat) throw notFound('KnowledgeBase::Category', id);
    if (truthyParam(q.full)) return reply(c, { id, assets: categoryAssets(data, v, id) }, status);
    return reply(c, categoryRecord(data, v, cat), status);
  };

  app.post('/knowledge_bases/:kb{[0-9]+}/categories', editor, async (c) => {
    const { data } = await context(c, c.req.param('kb'));
    const input = await params(c);
    const id = await c.get('db').tx((tx) => createCategory(tx, data, c.get('actor').user.id, input));
    return categoryReply(c, data.kb.id, id, 201);
  });

  app.get('/knowledge_bases/:kb{[0-9]+}/categories/:id{[0-9]+}', async (c) => {
    const { data, v } = await context(c, c.req.param('kb'));
    const id = idParam(c.req.param('id'), 'KnowledgeBase::Category');
    const cat = assertCategoryVisible(data, v, id, !c.get('actor'));
    const q = await params(c);
    if (truthyParam(q.full)) return reply(c, { id, assets: categoryAssets(data, v, id) });
    return reply(c, categoryRecord(data, v, cat));
  });

  const patchCategory = async (c: Context<DeskEnv>) => {
    const { data } = await context(c, c.req.param('kb'));
    const id = idParam(c.req.param('id'), 'KnowledgeBase::Category');
    const input = await params(c);
    await c.get('db').tx((tx) => updateCategory(tx, data, c.get('actor').user.id, id, input));
    return categoryReply(c, data.kb.id, id, 200);
  };
  app.patch('/knowledge_bases/:kb{[0-9]+}/categories/:id{[0-9]+}', editor, patchCategory);
  app.put('/knowledge_bases/:kb{[0-9]+}/categories/:id{[0-9]+}', editor, patchCategory);

  app.delete('/knowledge_bases/:kb{[0-9]+}/categories/:id{[0-9]+}', editor, async (c) => {
    const { data } = await context(c, c.req.param('kb'));
    await deleteCategory(c.get('db'), data, idParam(c.req.param('id'), 'KnowledgeBase::Category'));
    return reply(c, {});
  });

  /** Reorders a scope, then replies with the assets of the reordered records (as Zammad). */
  const reorderIn = async (
    c: Context<DeskEnv>,
    kind: keyof typeof TYPE_TO_TABLE,
    scope: (data: KbData) => number[],
  ) => {
    const { data } = await context(c, c.req.param('kb'));
    const q = await params(c);
    const scopeIds = scope(data);
    await c.get('db').tx((tx) => reorder(tx, TYPE_TO_TABLE[kind], scopeIds, q.ordered_ids));
    const after = await fresh(c, data.kb.id);
    const assets: Record<string, Record<string, unknown>> = {};
    const model = kind === 'category' ? 'KnowledgeBaseCategory' : 'KnowledgeBaseAnswer';
    const bucket: Record<string, unknown> = {};
    for (const id of scopeIds) {
      if (kind === 'category') {
        const cat = after.data.categories.find((x) => x.id === id);
        if (cat) bucket[String(id)] = categoryRecord(after.data, after.v, cat);
      } else {
        const a = (await answerAssets(c.get('db'), after.data, after.v, id, [])).KnowledgeBaseAnswer?.[
          String(id)
        ];
        if (a) bucket[String(id)] = a;
      }
    }
    assets[model] = bucket;
    return reply(c, assets);
  };
  app.patch('/knowledge_bases/:kb{[0-9]+}/categories/reorder_root_categories', editor, (c) =>
    reorderIn(c, 'category', (data) => data.categories.filter((x) => x.parent_id === null).map((x) => x.id)),
  );
  app.patch('/knowledge_bases/:kb{[0-9]+}/categories/:id{[0-9]+}/reorder_categories', editor, (c) => {
    const id = idParam(c.req.param('id'), 'KnowledgeBase::Category');
    return reorderIn(c, 'category', (data) => {
      if (!data.categories.some((x) => x.id === id)) throw notFound('KnowledgeBase::Category', id);
      return data.categories.filter((x) => x.parent_id === id).map((x) => x.id);
    });
  });
  app.patch('/knowledge_bases/:kb{[0-9]+}/categories/:id{[0-9]+}/reorder_answers', editor, (c) => {
    const id = idParam(c.req.param('id'), 'KnowledgeBase::Category');
    return reorderIn(c, 'answer', (data) => {
      if (!data.categories.some((x) => x.id === id)) throw notFound('KnowledgeBase::Category', id);
      return data.answers.filter((a) => a.category_id === id).map((a) => a.id);
    });
  });

  // ------------------------------------------------------------ answers

  const answerReply = async (
    c: Context<DeskEnv>,
    kbId: number,
    id: number,
    contentIds: number[],
    status: 200 | 201,
  ) => {
    const { data, v } = await fresh(c, kbId);
    return reply(c, { id, assets: await answerAssets(c.get('db'), data, v, id, contentIds) }, status);
  };

  app.get('/knowledge_bases/:kb{[0-9]+}/answers/:id{[0-9]+}', async (c) => {
    const { data, v } = await context(c, c.req.param('kb'));
    const id = idParam(c.req.param('id'), 'KnowledgeBase::Answer');
    assertAnswerVisible(data, v, id, !c.get('actor'));
    const q = await params(c);
    return reply(c, { id, assets: await answerAssets(c.get('db'), data, v, id, ids(q.include_contents)) });
  });

  app.post('/knowledge_bases/:kb{[0-9]+}/answers', editor, async (c) => {
    const { data } = await context(c, c.req.param('kb'));
    const input = await params(c);
    const created = await c.get('db').tx((tx) => createAnswer(tx, data, c.get('actor').user.id, input));
    return answerReply(c, data.kb.id, created.id, created.contentIds, 201);
  });

  const patchAnswer = async (c: Context<DeskEnv>) => {
    const { data } = await context(c, c.req.param('kb'));
    const id = idParam(c.req.param('id'), 'KnowledgeBase::Answer');
    const input = await params(c);
    const { contentIds } = await c
      .get('db')
      .tx((tx) => updateAnswer(tx, data, c.get('actor').user.id, id, input));
    return answerReply(c, data.kb.id, id, contentIds, 200);
  };
  app.patch('/knowledge_bases/:kb{[0-9]+}/answers/:id{[0-9]+}', editor, patchAnswer);
  app.put('/knowledge_bases/:kb{[0-9]+}/answers/:id{[0-9]+}', editor, patchAnswer);

  app.delete('/knowledge_bases/:kb{[0-9]+}/answers/:id{[0-9]+}', editor, async (c) => {
    const { data } = await context(c, c.req.param('kb'));
    const id = idParam(c.req.param('id'), 'KnowledgeBase::Answer');
    if (!data.answers.some((a) => a.id === id)) throw notFound('KnowledgeBase::Answer', id);
    await c.get('db').tx((tx) => deleteAnswer(tx, id));
    return reply(c, {});
  });

  for (const action of ['internal', 'publish', 'archive', 'unarchive'] as const) {
    app.post(`/knowledge_bases/:kb{[0-9]+}/answers/:id{[0-9]+}/${action}`, editor, async (c) => {
      const { data } = await context(c, c.req.param('kb'));
      const id = idParam(c.req.param('id'), 'KnowledgeBase::Answer');
      if (!data.answers.some((a) => a.id === id)) throw notFound('KnowledgeBase::Answer', id);
      await c.get('db').tx((tx) => changeAnswerState(tx, id, c.get('actor').user.id, action));
      return answerReply(c, data.kb.id, id, [], 200);
    });
  }

  app.post('/knowledge_bases/:kb{[0-9]+}/answers/:id{[0-9]+}/attachments', editor, async (c) => {
    const { data } = await context(c, c.req.param('kb'));
    const id = idParam(c.req.param('id'), 'KnowledgeBase::Answer');
    if (!data.answers.some((a) => a.id === id)) throw notFound('KnowledgeBase::Answer', id);
    const file = await uploadedFile(c);
    await c.get('db').tx((tx) => addAttachment(tx, id, c.get('actor').user.id, file));
    const after = await fresh(c, data.kb.id);
    return reply(c, await answerAssets(c.get('db'), after.data, after.v, id, []));
  });

  app.delete(
    '/knowledge_bases/:kb{[0-9]+}/answers/:id{[0-9]+}/attachments/:att{[0-9]+}',
    editor,
    async (c) => {
      const { data } = await context(c, c.req.param('kb'));
      const id = idParam(c.req.param('id'), 'KnowledgeBase::Answer');
      if (!data.answers.some((a) => a.id === id)) throw notFound('KnowledgeBase::Answer', id);
      await removeAttachment(c.get('db'), id, idParam(c.req.param('att'), 'Store'));
      const after = await fresh(c, data.kb.id);
      return reply(c, await answerAssets(c.get('db'), after.data, after.v, id, []));
    },
  );

  /** Zammad's attachment download, for knowledge-base answer attachments (public ones anonymously). */
  app.get('/attachments/:id{[0-9]+}', async (c) => {
    const db = c.get('db');
    const id = idParam(c.req.param('id'), 'Store');
    const att = await one<{
      o_id: number;
      object: string;
      filename: string;
      preferences: Record<string, unknown>;
      data: Uint8Array;
    }>(
      db,
      `SELECT a.o_id, a.object, a.filename, a.preferences, f.data FROM attachments a
         JOIN store_files f ON f.id = a.store_file_id WHERE a.id = $1`,
      [id],
    );
    if (!att || att.object !== ANSWER_OBJECT) throw notFound('Store', id);
    const kbId = await kbOfAnswer(db, att.o_id);
    if (kbId === undefined) throw notFound('Store', id);
    const { data, v } = await context(c, String(kbId));
    assertAnswerVisible(data, v, att.o_id, !c.get('actor'));
    const q = await params(c);
    const requested = typeof q.disposition === 'string' ? q.disposition : 'inline';
    if (requested !== 'inline' && requested !== 'attachment')
      throw new ApiError(
        403,
        `Invalid disposition ${requested} requested. Only inline, attachment are valid.`,
      );
    const contentType = String(
      att.preferences['Content-Type'] ?? att.preferences['Mime-Type'] ?? 'application/octet-stream',
    );
    const mime = contentType.split(';')[0]?.trim() ?? '';
    const disposition = requested === 'inline' && INLINE_SAFE.test(mime) ? 'inline' : 'attachment';
    const ascii = att.filename.replace(/[^\x20-\x7e]|["\\]/g, '_');
    return c.body(new Uint8Array(att.data), 200, {
      'Content-Type': contentType,
      'Content-Disposition': `${disposition}; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(att.filename)}`,
      'X-Content-Type-Options': 'nosniff',
      'Content-Security-Policy': "sandbox; default-src 'none'",
    });
  });

  return app;
}

function mergeAssets(
  into: Record<string, Record<string, unknown>>,
  add: Record<string, Record<string, unknown>>,
) {
  for (const [model, bucket] of Object.entries(add)) into[model] = { ...(into[model] ?? {}), ...bucket };
  return into;
}

const BASE64 = /^[A-Za-z0-9+/\r\n]*={0,2}[\r\n]*$/;

/**
 * The uploaded file: multipart `file` (Zammad's form upload), or JSON `{filename, data (base64),
 * "mime-type"}` as ticket articles take attachments. The multipart body is read as bytes here;
 * the generic `params()` reads bodies as text, which would mangle binary files.
 */
async function uploadedFile(c: Context<DeskEnv>): Promise<{ filename: string; mime: string; data: Buffer }> {
  const type = c.req.header('content-type') ?? '';
  if (type.includes('multipart/form-data')) {
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
  const q = await params(c);
  const filename = typeof q.filename === 'string' ? q.filename.trim() : '';
  const data = typeof q.data === 'string' ? q.data : '';
  const mime = typeof q['mime-type'] === 'string' ? (q['mime-type'] as string) : 'application/octet-stream';
  if (!filename || !data) throw new ApiError(422, "The required value 'file' is missing.");
  if (!BASE64.test(data) || data.replace(/\s+/g, '').length % 4 === 1)
    throw new ApiError(422, 'Invalid base64 for attachment');
  return { filename, mime, data: Buffer.from(data, 'base64') };
}
