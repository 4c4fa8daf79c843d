/**
 * EOSC's triage rules (DOMAIN.md), mapped onto the desk's four priorities (`4 top priority` is
 * the desk's; the BFF sends `3 high` to a helpdesk without it): an interrupted service and an
 * imminent security risk go to the top at once; any other security risk is very urgent; a
 * degraded service is urgent with a workaround and very urgent without; more than 5 users raise
 * the priority a step, more than 50 make it very urgent.
 */
export type Priority = '1 low' | '2 normal' | '3 high' | '4 top priority';
export type UsersAffected = 'one' | 'five' | 'fifty';
export type TriageAnswers = {
  users: UsersAffected;
  degraded: boolean;
  /** The service does not work at all. */
  interrupted: boolean;
  workaround: boolean;
  security: boolean;
  /** With `security`: the risk is imminent. */
  imminent: boolean;
};
export type TriageReason =
  | 'interrupted'
  | 'imminentSecurity'
  | 'security'
  | 'fifty'
  | 'degradedNoWorkaround'
  | 'degradedWorkaround'
  | 'five'
  | 'wish'
  | 'request';

export const NO_TRIAGE: TriageAnswers = {
  users: 'one',
  degraded: false,
  interrupted: false,
  workaround: false,
  security: false,
  imminent: false,
};

export function suggestPriority(
  type: 'incident' | 'service_request',
  a: TriageAnswers,
): { priority: Priority; reason: TriageReason } {
  if (type === 'service_request') return { priority: '2 normal', reason: 'request' };
  if (a.interrupted) return { priority: '4 top priority', reason: 'interrupted' };
  if (a.security && a.imminent) return { priority: '4 top priority', reason: 'imminentSecurity' };
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
