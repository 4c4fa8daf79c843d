/**
 * EOSC's triage rules (DOMAIN.md), mapped onto the helpdesk's three priorities: a security risk
 * goes to the top at once; a degraded service is urgent with a workaround and very urgent
 * without; more than 5 users raise the priority a step, more than 50 to the top.
 */
export type Priority = '1 low' | '2 normal' | '3 high';
export type UsersAffected = 'one' | 'five' | 'fifty';
export type TriageAnswers = {
  users: UsersAffected;
  degraded: boolean;
  workaround: boolean;
  security: boolean;
};
export type TriageReason =
  | 'security'
  | 'fifty'
  | 'degradedNoWorkaround'
  | 'degradedWorkaround'
  | 'five'
  | 'wish'
  | 'request';

export const NO_TRIAGE: TriageAnswers = { users: 'one', degraded: false, workaround: false, security: false };

export function suggestPriority(
  type: 'incident' | 'service_request',
  a: TriageAnswers,
): { priority: Priority; reason: TriageReason } {
  if (type === 'service_request') return { priority: '2 normal', reason: 'request' };
  if (a.security) return { priority: '3 high', reason: 'security' };
  if (a.users === 'fifty') return { priority: '3 high', reason: 'fifty' };
  if (a.degraded && !a.workaround) return { priority: '3 high', reason: 'degradedNoWorkaround' };
  if (a.degraded) {
    return a.users === 'five'
      ? { priority: '3 high', reason: 'five' }
      : { priority: '2 normal', reason: 'degradedWorkaround' };
  }
  if (a.users === 'five') return { priority: '2 normal', reason: 'five' };
  return { priority: '1 low', reason: 'wish' };
}
