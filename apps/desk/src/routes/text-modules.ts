import { z } from 'zod';
import { ADMIN, searchTextModules, TEXT_MODULES } from '../domain/text-modules.ts';
import { requirePermission } from '../http/auth.ts';
import { bool, input, nullableText, ref, searchQuery, text } from '../http/input.ts';
import { reply } from '../http/reply.ts';
import { listBody, resourceRoutes } from '../http/resource.ts';

const READ = ['ticket.agent', ADMIN];

const TextModuleInput = z.looseObject({
  name: text,
  content: text,
  keywords: text,
  note: nullableText,
  active: bool,
  foreign_id: ref,
  group_ids: ref,
  groups: ref,
});

/** Text modules: agents read those of their groups, `admin.text_module` reads and writes all. */
export function textModulesRoutes() {
  const app = resourceRoutes({
    ...TEXT_MODULES,
    path: 'text_modules',
    permissions: { read: READ, write: ADMIN },
    input: TextModuleInput,
  });

  app.get('/text_modules/search', requirePermission(READ), async (c) => {
    const db = c.get('db');
    const actor = c.get('actor');
    const q = await input(c, searchQuery());
    const rows = await searchTextModules(db, actor, q.text, q);
    return reply(c, await listBody(TEXT_MODULES, db, actor, rows, q.shape));
  });

  return app;
}
