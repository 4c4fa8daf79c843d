import type { User } from '@eosc/zammad-api';
import type { SessionUser } from '../schemas.ts';
import type { SessionData } from './session-cookie.ts';

/* The signed-in person: from the upstream's user to the session, and from the session to the API. */

const STANDARD_ROLES: Record<number, string> = { 1: 'Admin', 2: 'Agent', 3: 'Customer' };

/** Roles by name (expand), else Zammad's standard seed ids; agents are whoever holds group access. */
export function personFromUpstream(u: User): Omit<SessionData, 'iat' | 'exp'> {
  const roles = u.roles ?? (u.role_ids ?? []).map((id) => STANDARD_ROLES[id]).filter((r): r is string => !!r);
  const hasGroups = Object.keys(u.group_ids ?? {}).length > 0;
  return {
    uid: u.id,
    login: u.login,
    firstname: u.firstname,
    lastname: u.lastname,
    email: u.email,
    roles,
    is_agent: roles.includes('Agent') || hasGroups,
    is_admin: roles.includes('Admin'),
  };
}

export function sessionUser(s: Omit<SessionData, 'iat' | 'exp'>): SessionUser {
  return {
    id: s.uid,
    login: s.login,
    firstname: s.firstname,
    lastname: s.lastname,
    email: s.email,
    name: `${s.firstname} ${s.lastname}`.trim() || s.email || s.login,
    roles: s.roles,
    is_agent: s.is_agent,
    is_admin: s.is_admin,
    reports: s.rep ?? null,
  };
}
