/** Who may write which part of the knowledge base: editors all of it, community admins their own. */
import type { Context } from 'hono';
import { can } from '../domain/actor.ts';
import { administered } from '../domain/communities.ts';
import { ForbiddenError } from '../domain/errors.ts';
import type { KbData } from '../domain/knowledge-base/data.ts';
import type { DeskEnv } from '../http/env.ts';
import { EDITOR } from './kb-context.ts';

/** The community owning a category (null: EOSC-wide or unknown). */
export function communityOfCategory(data: KbData, id: unknown): number | null {
  const owner = data.categories.find((x) => x.id === Number(id))?.community_id;
  return typeof owner === 'number' ? owner : null;
}

/**
 * Editors pass; a community admin passes only when every community given is one they
 * administer (an EOSC-wide category, null, is never theirs).
 */
export async function assertKbWriter(c: Context<DeskEnv>, communities: (number | null)[]): Promise<void> {
  if (can(c.get('actor'), EDITOR)) return;
  const mine = await administered(c.get('db'), c.get('actor'));
  if (!communities.every((id) => id !== null && mine.includes(id))) throw new ForbiddenError();
}

/** The communities an answer write touches: its category now and the one it moves to. */
export function answerCommunities(data: KbData, answerId: number | undefined, body: Record<string, unknown>) {
  const current = data.answers.find((a) => a.id === answerId)?.category_id;
  const list: (number | null)[] = [];
  if (answerId !== undefined) list.push(communityOfCategory(data, current));
  if (answerId === undefined || (body.category_id !== undefined && body.category_id !== null))
    list.push(communityOfCategory(data, body.category_id));
  return list;
}
