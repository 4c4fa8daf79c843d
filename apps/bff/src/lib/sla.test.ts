import type { Schemas } from '@eosc/zammad-api';
import { describe, expect, it } from 'vitest';
import { runningTarget, slaFacts } from './sla.ts';

const ticket = (fields: Partial<Schemas['Ticket']>): Schemas['Ticket'] =>
  ({
    id: 1,
    number: '31001',
    title: 'VM quota',
    group_id: 1,
    priority_id: 2,
    state_id: 2,
    owner_id: 1,
    customer_id: 2,
    article_count: 1,
    created_at: '2027-01-04T08:00:00.000Z',
    updated_at: '2027-01-04T08:00:00.000Z',
    ...fields,
  }) as Schemas['Ticket'];

describe('the SLA facts of a ticket', () => {
  it('has none without escalation_at', () => {
    expect(slaFacts(ticket({ escalation_at: null }))).toEqual({
      escalation_at: null,
      escalation_warning_at: null,
      escalation_target: null,
    });
  });

  it("takes the desk's escalation_warning_at as it is (working time, even null)", () => {
    const facts = slaFacts(
      ticket({
        escalation_at: '2027-01-04T12:00:00.000Z',
        first_response_escalation_at: '2027-01-04T12:00:00.000Z',
        escalation_warning_at: '2027-01-04T11:00:00.000Z',
      }),
    );
    expect(facts).toEqual({
      escalation_at: '2027-01-04T12:00:00.000Z',
      escalation_warning_at: '2027-01-04T11:00:00.000Z',
      escalation_target: 'first_response',
    });
    const nullWarning = slaFacts(
      ticket({ escalation_at: '2027-01-04T12:00:00.000Z', escalation_warning_at: null }),
    );
    expect(nullWarning.escalation_warning_at).toBeNull();
  });

  it('estimates the warning for a Zammad without it: 75 % of the wall time from creation', () => {
    // Created 08:00, first response due 12:00: warned at 11:00.
    const facts = slaFacts(
      ticket({
        escalation_at: '2027-01-04T12:00:00.000Z',
        first_response_escalation_at: '2027-01-04T12:00:00.000Z',
        close_escalation_at: '2027-01-06T08:00:00.000Z',
      }),
    );
    expect(facts).toEqual({
      escalation_at: '2027-01-04T12:00:00.000Z',
      escalation_warning_at: '2027-01-04T11:00:00.000Z',
      escalation_target: 'first_response',
    });
  });

  it("counts an update target from the customer's last contact", () => {
    const facts = slaFacts(
      ticket({
        first_response_at: '2027-01-04T08:30:00.000Z',
        last_contact_customer_at: '2027-01-05T10:00:00.000Z',
        update_escalation_at: '2027-01-05T18:00:00.000Z',
        close_escalation_at: '2027-01-08T08:00:00.000Z',
        escalation_at: '2027-01-05T18:00:00.000Z',
      }),
    );
    expect(facts.escalation_target).toBe('update');
    expect(facts.escalation_warning_at).toBe('2027-01-05T16:00:00.000Z');
  });

  it('counts the solution target from creation', () => {
    const facts = slaFacts(
      ticket({
        close_escalation_at: '2027-01-08T08:00:00.000Z',
        escalation_at: '2027-01-08T08:00:00.000Z',
      }),
    );
    expect(facts.escalation_target).toBe('solution');
    expect(facts.escalation_warning_at).toBe('2027-01-07T08:00:00.000Z');
  });

  it('warns at the due time itself when it lies before the start (a stale reply)', () => {
    const facts = slaFacts(ticket({ escalation_at: '2027-01-03T08:00:00.000Z' }));
    expect(facts.escalation_warning_at).toBe('2027-01-03T08:00:00.000Z');
    expect(facts.escalation_target).toBeNull();
  });

  it('names the earliest running target when none equals escalation_at exactly', () => {
    expect(
      runningTarget(
        ticket({
          escalation_at: '2027-01-04T12:00:00Z',
          update_escalation_at: '2027-01-04T12:00:01.000Z',
          close_escalation_at: '2027-01-05T12:00:00.000Z',
        }),
      ),
    ).toBe('update');
  });
});
