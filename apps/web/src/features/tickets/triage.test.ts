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

  it('handles service requests at normal priority', () => {
    expect(suggestPriority('service_request', { ...NO_TRIAGE, security: true }).priority).toBe('2 normal');
  });
});
