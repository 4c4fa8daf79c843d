/** zod schemas of ticket and article bodies, shared by the ticket, article and mass-update routes. */
import { z } from 'zod';
import { bool } from '../http/input.ts';

/** What the article rules read as booleans; type and sender (by id or name) and texts pass as sent. */
export const ArticleInput = z.looseObject({ internal: bool });

/**
 * A nested `article` (ticket create and update, mass update): an object is cast, an array kept
 * (create refuses it for its missing body, update ignores it), anything else is no article.
 */
export const nestedArticle = z
  .unknown()
  .optional()
  .transform((v) => {
    if (!v || typeof v !== 'object') return undefined;
    return Array.isArray(v) ? (v as unknown[]) : ArticleInput.parse(v);
  });

/** References (group, state, owner... by id or name) and custom fields pass as sent. */
export const TicketInput = z.looseObject({ article: nestedArticle });
