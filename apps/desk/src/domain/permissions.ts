/**
 * Zammad's permission names are dotted; holding a parent grants its children
 * (`admin` grants `admin.user`). A required name ending in `.*` is met by any child.
 */
export function grants(held: string, required: string): boolean {
  if (required.endsWith('.*')) {
    const base = required.slice(0, -2);
    return held === base || held.startsWith(`${base}.`) || base.startsWith(`${held}.`);
  }
  return held === required || required.startsWith(`${held}.`);
}

export function hasPermission(held: Iterable<string>, required: string | string[]): boolean {
  const list = Array.isArray(required) ? required : [required];
  for (const h of held) {
    for (const r of list) if (grants(h, r)) return true;
  }
  return false;
}

/** Narrows a user's permissions to what a token allows (intersection, hierarchy aware). */
export function narrow(user: string[], token: string[]): string[] {
  const out = new Set<string>();
  for (const u of user) {
    for (const t of token) {
      if (grants(t, u)) out.add(u);
      else if (grants(u, t)) out.add(t);
    }
  }
  return [...out];
}

export const ACCESS_LEVELS = ['read', 'create', 'change', 'overview', 'full'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];
