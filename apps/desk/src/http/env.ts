import type { Db } from '../db/client.ts';
import type { Actor } from '../domain/actor.ts';

/** What every /api/v1 handler finds on its context. */
export type DeskEnv = {
  Variables: {
    db: Db;
    /** Unset only on the few routes that answer anonymously. */
    actor: Actor;
    params: Record<string, unknown>;
    /** Set on token requests: the user's own permissions, before the token narrowed them. */
    tokenUserPermissions: string[] | undefined;
  };
};
