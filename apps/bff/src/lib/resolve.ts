import type { Schemas } from '@eosc/zammad-api';
import type { Article, TicketSummary } from '../schemas.ts';
import type { ReferenceData } from './reference.ts';
import { stateTypeOf, unitOf } from './reference.ts';
import { slaFacts } from './sla.ts';

/** User 1 is Zammad's system user: as an owner it means "unassigned". */
export const SYSTEM_USER = 1;

/** A user as the caller sees them: in full, or reduced (a customer looking at someone else). */
export type AnyUser = Schemas['User'] | Schemas['UserReduced'];

/** The full record, unless the user is seen reduced (a reduced user has no login). */
export function fullUser(u: AnyUser | undefined): Schemas['User'] | undefined {
  return u && 'login' in u ? (u as Schemas['User']) : undefined;
}

export function displayName(u: AnyUser | undefined): string | undefined {
  if (!u) return undefined;
  const full = `${u.firstname ?? ''} ${u.lastname ?? ''}`.trim();
  const record = fullUser(u);
  return full || record?.email || record?.login || undefined;
}

/** A name from the reference data, else from the assets, else the expand name, else the id. */
function nameOf(
  id: number,
  ref: { id: number; name: string }[],
  assets: Record<string, { name: string }> | undefined,
  expanded: string | undefined,
): string {
  return ref.find((x) => x.id === id)?.name ?? assets?.[String(id)]?.name ?? expanded ?? String(id);
}

/**
 * Turns upstream tickets into the BFF's summaries with every name resolved: people and the
 * organization from the `full=true` assets (what the person may see), group, state and
 * priority from the reference data, and `expand` names or ids as the last resort.
 */
export class Resolver {
  constructor(
    readonly ref: ReferenceData,
    readonly assets: Schemas['Assets'] = {},
  ) {}

  user(id: number | null | undefined, fallback?: string | null): { id: number; name: string } | null {
    if (!id) return null;
    return { id, name: displayName(this.assets.User?.[String(id)]) ?? fallback ?? `#${id}` };
  }

  ticket(t: Schemas['Ticket']): TicketSummary {
    const state = this.ref.states.find((s) => s.id === t.state_id);
    const org = t.organization_id ? this.assets.Organization?.[String(t.organization_id)] : undefined;
    return {
      id: t.id,
      number: t.number,
      title: t.title,
      state: nameOf(t.state_id, this.ref.states, this.assets.TicketState, t.state),
      state_type: state?.state_type ?? stateTypeOf({ name: t.state ?? '' }),
      state_id: t.state_id,
      priority: nameOf(t.priority_id, this.ref.priorities, this.assets.TicketPriority, t.priority),
      priority_id: t.priority_id,
      group: nameOf(t.group_id, this.ref.groups, this.assets.Group, t.group),
      group_id: t.group_id,
      customer: this.user(t.customer_id, t.customer),
      owner: t.owner_id === SYSTEM_USER ? null : this.user(t.owner_id, t.owner),
      organization: t.organization_id
        ? { id: t.organization_id, name: org?.name ?? t.organization ?? `#${t.organization_id}` }
        : null,
      article_count: t.article_count,
      created_at: t.created_at,
      updated_at: t.updated_at,
      ...slaFacts(t),
      unit: this.unit(t.group_id),
    };
  }

  /** The group's support-unit facts: from the reference data, else the reply's assets. */
  private unit(groupId: number): TicketSummary['unit'] {
    const group =
      this.ref.groups.find((g) => g.id === groupId) ?? unitOf(this.assets.Group?.[String(groupId)]);
    if (!group?.support_line && !group?.qos_level) return null;
    return { qos_level: group.qos_level ?? null, support_line: group.support_line ?? null };
  }

  article(a: Schemas['TicketArticle']): Article {
    return {
      id: a.id,
      from: a.from ?? '',
      body: a.body,
      content_type: a.content_type === 'text/html' ? 'text/html' : 'text/plain',
      internal: a.internal,
      sender: a.sender,
      type: a.type,
      subject: a.subject ?? null,
      to: a.to ?? null,
      cc: a.cc ?? null,
      delivery: deliveryOf(a),
      created_at: a.created_at,
      author: this.user(a.created_by_id, a.from || a.created_by),
      attachments: a.attachments
        // Inline images belong to the HTML body (`cid:`), not to the list of files.
        .filter(
          (f) => !(f.preferences?.['Content-ID'] && f.preferences?.['Content-Disposition'] === 'inline'),
        )
        .map((f) => ({
          id: f.id,
          filename: f.filename,
          size: Number(f.size ?? 0) || 0,
          content_type:
            String(
              f.preferences?.['Mime-Type'] ?? f.preferences?.['Content-Type'] ?? 'application/octet-stream',
            )
              .split(';')[0]
              ?.trim() || 'application/octet-stream',
        })),
    };
  }
}

/**
 * What became of an agent's e-mail, from Zammad's article preferences (`delivery_status`
 * success/fail, `delivery_retry`, `delivery_status_message`); a mail not yet tried is `sending`.
 */
function deliveryOf(a: Schemas['TicketArticle']): Article['delivery'] {
  if (a.type !== 'email' || a.sender !== 'Agent' || a.internal) return null;
  const p = (a.preferences ?? {}) as Record<string, unknown>;
  const status =
    p.delivery_status === 'success' ? 'sent' : p.delivery_status === 'fail' ? 'failed' : 'sending';
  const message = typeof p.delivery_status_message === 'string' ? p.delivery_status_message : null;
  return { status, message, attempts: Number(p.delivery_retry ?? 0) || 0 };
}
