/** What every knowledge-base route starts from: the knowledge base as the caller may see it. */
import type { Context } from 'hono';
import { z } from 'zod';
import { NotFoundError } from '../domain/errors.ts';
import {
  type KbData,
  kbLevel,
  loadKbData,
  type Visible,
  visibleSets,
} from '../domain/knowledge-base/data.ts';
import type { DeskEnv } from '../http/env.ts';
import { bool, flag, pathId } from '../http/input.ts';

export const EDITOR = 'knowledge_base.editor';

/** The knowledge base named in the path; an inactive one shows nothing to the public. */
export async function context(
  c: Context<DeskEnv>,
  kbRaw: string | undefined,
): Promise<{ data: KbData; v: Visible }> {
  const data = await loadKbData(c.get('db'), pathId(kbRaw, 'KnowledgeBase'));
  const level = kbLevel(c.get('actor'));
  if (level === 'public' && !data.kb.active) throw new NotFoundError('KnowledgeBase', data.kb.id);
  return { data, v: visibleSets(data, level) };
}

/** After a write: the data again, seen as the editor who wrote it. */
export async function fresh(c: Context<DeskEnv>, kbId: number): Promise<{ data: KbData; v: Visible }> {
  const data = await loadKbData(c.get('db'), kbId);
  return { data, v: visibleSets(data, kbLevel(c.get('actor'))) };
}

/** Ids as an array or a comma list (`include_contents=1,2`); others dropped. */
export function ids(v: unknown): number[] {
  const list = Array.isArray(v)
    ? v
    : typeof v === 'string'
      ? v.split(',')
      : v === undefined || v === null
        ? []
        : [v];
  return list.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
}

const Translation = z.looseObject({ _destroy: flag });

/** Rails nested attributes: an array, or a `{"0": {...}}` hash, of objects. */
const translations = z
  .unknown()
  .optional()
  .transform((v, ctx) => {
    if (v === undefined || v === null || v === '') return [];
    const list = Array.isArray(v) ? v : typeof v === 'object' ? Object.values(v) : undefined;
    if (list?.every((x) => x && typeof x === 'object')) return list.map((x) => Translation.parse(x));
    ctx.addIssue({ code: 'custom', message: "Invalid value for param 'translations_attributes'" });
    return z.NEVER;
  });

export const CategoryInput = z.looseObject({ translations_attributes: translations });
export const AnswerInput = z.looseObject({ translations_attributes: translations, promoted: bool });
