import { type Context, Hono } from 'hono';
import { z } from 'zod';
import { allKbIds, kbActive, kbLevel, loadKbData, visibleSets } from '../domain/knowledge-base/data.ts';
import { initAssets, kbRecord } from '../domain/knowledge-base/records.ts';
import { searchKb } from '../domain/knowledge-base/search.ts';
import { updateKb } from '../domain/knowledge-base/settings.ts';
import { type Assets, addAsset } from '../domain/shapes.ts';
import { requirePermission } from '../http/auth.ts';
import type { DeskEnv } from '../http/env.ts';
import { bool, flag, input, limitOf, optionalInt, pathId, ref, ShapeQuery } from '../http/input.ts';
import { reply } from '../http/reply.ts';
import { kbAnswerRoutes } from './kb-answers.ts';
import { kbCategoryRoutes } from './kb-categories.ts';
import { context, fresh, ids } from './kb-context.ts';

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

/** `POST /knowledge_bases/search`: in one knowledge base (default 1), as the caller or as the public. */
const SearchInput = z
  .looseObject({
    knowledge_base_id: ref,
    flavor: ref,
    limit: ref,
    scope_id: optionalInt('scope_id').catch(undefined),
    query: ref,
    locale: ref,
    index: ref,
    include_locale: flag,
    url_type: ref,
  })
  .transform((q) => ({
    kbId: q.knowledge_base_id === undefined || q.knowledge_base_id === '' ? 1 : Number(q.knowledge_base_id),
    asPublic: q.flavor === 'public',
    query: typeof q.query === 'string' ? q.query : '',
    locale: typeof q.locale === 'string' && q.locale ? q.locale : undefined,
    index: typeof q.index === 'string' && q.index ? q.index : undefined,
    scopeId: q.scope_id,
    limit: limitOf(q.limit, 10, 100),
    includeLocale: q.include_locale,
    urlType: q.url_type === 'agent' ? ('agent' as const) : ('public' as const),
  }));

/** Knowledge base settings an admin may change; the booleans cast, the texts as sent. */
const KbSettings = z.looseObject({ active: bool, show_feed_icon: bool });

/** Every knowledge base the caller may see (inactive ones are hidden from the public). */
async function* visibleKbs(c: Context<DeskEnv>) {
  const level = kbLevel(c.get('actor'));
  for (const id of await allKbIds(c.get('db'))) {
    const data = await loadKbData(c.get('db'), id);
    if (level === 'public' && !data.kb.active) continue;
    yield { data, v: visibleSets(data, level) };
  }
}

/** The knowledge base itself: its record, or for `admin.knowledge_base` its settings. */
function kbSettingsRoutes() {
  const app = new Hono<DeskEnv>();
  const manager = requirePermission('admin.knowledge_base');
  const showKb = async (c: Context<DeskEnv>) => {
    const { data, v } = await context(c, c.req.param('kb'));
    if ((await input(c, ShapeQuery)).full)
      return reply(c, { id: data.kb.id, assets: await initAssets(c.get('db'), data, v, []) });
    return reply(c, kbRecord(data, v));
  };
  const patchKb = async (c: Context<DeskEnv>) => {
    const id = pathId(c.req.param('kb'), 'KnowledgeBase');
    await loadKbData(c.get('db'), id);
    await updateKb(c.get('db'), id, await input(c, KbSettings));
    const { data, v } = await fresh(c, id);
    return reply(c, kbRecord(data, v));
  };
  app.get('/knowledge_bases/:kb{[0-9]+}', showKb);
  app.get('/knowledge_bases/manage/:kb{[0-9]+}', manager, showKb);
  for (const path of ['/knowledge_bases/:kb{[0-9]+}', '/knowledge_bases/manage/:kb{[0-9]+}']) {
    app.patch(path, manager, patchKb);
    app.put(path, manager, patchKb);
  }

  return app;
}

/** Zammad's knowledge base API (§3.12): the knowledge base itself, its categories and answers. */
export function knowledgeBaseRoutes() {
  const app = new Hono<DeskEnv>();

  app.post('/knowledge_bases/init', async (c) => {
    const { answer_translation_content_ids } = await input(
      c,
      z.looseObject({ answer_translation_content_ids: ref }),
    );
    const assets: Assets = {};
    for await (const { data, v } of visibleKbs(c)) {
      const kbAssets = await initAssets(c.get('db'), data, v, ids(answer_translation_content_ids));
      for (const [model, bucket] of Object.entries(kbAssets))
        for (const record of Object.values(bucket)) addAsset(assets, model, record);
    }
    return reply(c, assets);
  });

  app.get('/knowledge_bases/visible_ids', async (c) => {
    const out = { answer_ids: [] as number[], category_ids: [] as number[] };
    for await (const { data, v } of visibleKbs(c)) {
      out.answer_ids.push(...data.answers.filter((a) => v.answers.has(a.id)).map((a) => a.id));
      out.category_ids.push(...data.categories.filter((x) => v.categories.has(x.id)).map((x) => x.id));
    }
    return reply(c, out);
  });

  app.post('/knowledge_bases/search', async (c) => {
    const db = c.get('db');
    const q = await input(c, SearchInput);
    if (!Number.isSafeInteger(q.kbId) || !(await kbActive(db, q.kbId)))
      return reply(c, { result: [], details: [] });
    const data = await loadKbData(db, q.kbId);
    const level = q.asPublic ? 'public' : kbLevel(c.get('actor'));
    return reply(c, await searchKb(db, data, visibleSets(data, level), q));
  });

  app.route('/', kbSettingsRoutes());
  app.route('/', kbCategoryRoutes());
  app.route('/', kbAnswerRoutes());
  return app;
}
