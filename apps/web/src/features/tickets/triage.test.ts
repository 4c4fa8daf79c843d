import { describe, expect, it } from 'vitest';
import { NO_TRIAGE, suggestPriority } from './triage';

describe('suggestPriority', () => {
  const incident = (a: Partial<typeof NO_TRIAGE>) => suggestPriority('incident', { ...NO_TRIAGE, ...a });

  it('follows the EOSC triage rules', () => {
    expect(incident({})).toEqual({ priority: '1 low', reason: 'wish' });
    expect(incident({ users: 'five' })).toEqual({ priority: '2 normal', reason: 'five' });
    expect(incident({ users: 'fifty' })).toEqual({ priority: '3 high', reason: 'fifty' });
    expect(incident({ degraded: true, workaround: true })).toEqual({
      priority: '2 normal',
      reason: 'degradedWorkaround',
    });
    expect(incident({ degraded: true, workaround: true, users: 'five' }).priority).toBe('3 high');
    expect(incident({ degraded: true })).toEqual({ priority: '3 high', reason: 'degradedNoWorkaround' });
    expect(incident({ security: true, degraded: true, workaround: true })).toEqual({
      priority: '3 high',
      reason: 'security',
    });
  });

  it('puts an interrupted service and an imminent security risk at the top', () => {
    expect(incident({ interrupted: true })).toEqual({ priority: '4 top priority', reason: 'interrupted' });
    expect(incident({ interrupted: true, workaround: true, users: 'one' }).priority).toBe('4 top priority');
    expect(incident({ security: true, imminent: true })).toEqual({
      priority: '4 top priority',
      reason: 'imminentSecurity',
    });
    // "Imminent" qualifies a security risk: alone it says nothing.
    expect(incident({ imminent: true })).toEqual({ priority: '1 low', reason: 'wish' });
  });

  it('handles service requests at normal priority', () => {
    expect(suggestPriority('service_request', { ...NO_TRIAGE, security: true }).priority).toBe('2 normal');
  });
});
