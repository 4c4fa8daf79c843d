import type { Schemas } from '@eosc/zammad-api';

type Ticket = Schemas['Ticket'];

/** Which of the SLA's due times `escalation_at` is: the one that runs out first. */
export type EscalationTarget = 'first_response' | 'update' | 'solution';

export interface SlaFacts {
  escalation_at: string | null;
  escalation_warning_at: string | null;
  escalation_target: EscalationTarget | null;
}

/** Share of the time to `escalation_at` after which the unit is warned (DOMAIN.md: 75 %). */
export const WARNING_SHARE = 0.75;

const time = (v: string | null | undefined): number | undefined => {
  if (!v) return undefined;
  const ms = Date.parse(v);
  return Number.isNaN(ms) ? undefined : ms;
};

/**
 * The running target: the due time equal to `escalation_at` (Zammad sets it to the earliest of
 * the three still running), else the earliest of those set.
 */
export function runningTarget(t: Ticket): EscalationTarget | null {
  const at = time(t.escalation_at);
  if (at === undefined) return null;
  const targets: [EscalationTarget, number | undefined][] = [
    ['first_response', time(t.first_response_escalation_at)],
    ['update', time(t.update_escalation_at)],
    ['solution', time(t.close_escalation_at)],
  ];
  const exact = targets.find(([, v]) => v === at);
  if (exact) return exact[0];
  const set = targets.filter((x): x is [EscalationTarget, number] => x[1] !== undefined);
  set.sort((a, b) => a[1] - b[1]);
  return set[0]?.[0] ?? null;
}

/**
 * The SLA facts the inbox badge and the ticket view read. Our desk sends
 * `escalation_warning_at` (75 % of the WORKING time to `escalation_at`, docs/service-levels.md).
 * A real Zammad has no such field (the property is absent, not null): then the warning is
 * estimated as 75 % of the WALL time from the running target's start (the ticket's creation
 * for first response and solution, the customer's last contact for update) to `escalation_at`.
 * Over nights and weekends that comes earlier or later than the desk's figure; it is only
 * used when the upstream says nothing.
 */
export function slaFacts(t: Ticket): SlaFacts {
  const target = runningTarget(t);
  const at = time(t.escalation_at);
  if (at === undefined || !t.escalation_at)
    return { escalation_at: null, escalation_warning_at: null, escalation_target: null };
  if ('escalation_warning_at' in t)
    return {
      escalation_at: t.escalation_at,
      escalation_warning_at: t.escalation_warning_at ?? null,
      escalation_target: target,
    };
  const start =
    (target === 'update' ? time(t.last_contact_customer_at) : undefined) ?? time(t.created_at) ?? at;
  const warning = start < at ? start + Math.floor((at - start) * WARNING_SHARE) : at;
  return {
    escalation_at: t.escalation_at,
    escalation_warning_at: new Date(warning).toISOString(),
    escalation_target: target,
  };
}
