import type { User } from '@/lib/session';
import type { TicketRedirect } from '@/lib/tickets/redirect';
import type { Article, TicketDetail, TicketSummary } from '@/lib/tickets/types';

/** The fake BFF's state for one test; `resetDb()` runs after each test. */
export type Db = {
  /** Accounts that may sign in, by login, with their password. */
  accounts: Map<string, { password: string; user: User }>;
  /** Who the session cookie belongs to; `null` means signed out. */
  sessionUser: User | null;
  tickets: TicketSummary[];
  articles: Map<number, Article[]>;
  /** Per ticket, when a test sets it: may it take follow-ups (default: yes unless merged). */
  followUps: Map<number, Partial<TicketDetail['follow_up']>>;
  /** Tickets forwarded to a provider's list (issue 16); others have none. */
  redirects: Map<number, TicketRedirect>;
  nextTicketId: number;
};

function emptyDb(): Db {
  return {
    accounts: new Map(),
    sessionUser: null,
    tickets: [],
    articles: new Map(),
    followUps: new Map(),
    redirects: new Map(),
    nextTicketId: 1000,
  };
}

export const db: Db = emptyDb();

export function resetDb(): void {
  Object.assign(db, emptyDb());
}

/** Lets `user` sign in with `password`. */
export function addAccount(user: User, password: string): void {
  db.accounts.set(user.login, { password, user });
}

/** Starts the test already signed in as `user`. */
export function signInAs(user: User): User {
  db.sessionUser = user;
  return user;
}
