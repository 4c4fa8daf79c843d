/** The first-response SLA status, shared by the `sla` report and the search condition. */

export const FIRST_RESPONSE_STATUSES = ['met', 'breached', 'running'] as const;

/**
 * The first-response SLA status of a ticket (`t`), at the desk's instant `nowParam`: met,
 * breached or running; null when no first-response target applies (no SLA, or not answered while
 * its clock is stopped). Shared with the search condition `ticket.eosc_first_response`.
 */
export function firstResponseStatusSql(t: string, nowParam: string): string {
  return `CASE
    WHEN ${t}.first_response_at IS NOT NULL AND ${t}.first_response_diff_in_min >= 0 THEN 'met'
    WHEN ${t}.first_response_at IS NOT NULL AND ${t}.first_response_diff_in_min < 0 THEN 'breached'
    WHEN ${t}.first_response_at IS NULL AND ${t}.first_response_escalation_at <= ${nowParam}::timestamptz THEN 'breached'
    WHEN ${t}.first_response_at IS NULL AND ${t}.first_response_escalation_at > ${nowParam}::timestamptz THEN 'running'
  END`;
}
