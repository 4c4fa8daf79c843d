import { HttpResponse, http } from 'msw';
import { db } from './db';
import { bffError } from './handlers';

/** Figures of every report panel, as the BFF answers them. */
export const REPORT_FIGURES = {
  volume: {
    buckets: [
      { date: '2026-11-01', created: 4, closed: 2 },
      { date: '2026-11-02', created: 6, closed: 5 },
    ],
  },
  backlog: {
    buckets: [
      { date: '2026-11-01', open: 12 },
      { date: '2026-11-02', open: 13 },
    ],
    age: { lt_1d: 3, d1_7: 5, d7_30: 4, gt_30d: 1 },
  },
  times: {
    first_response: { count: 9, median: 45, p90: 130 },
    resolution: { count: 7, median: 600, p90: null },
    trend: [
      { date: '2026-11-01', first_response_median: 40, resolution_median: null },
      { date: '2026-11-02', first_response_median: 50, resolution_median: 600 },
    ],
  },
  sla: {
    units: [
      { group_id: 4, name: 'EUDAT Support', qos_level: 'advanced', met: 8, breached: 2, running: 3 },
      { group_id: 5, name: 'EGI Support', qos_level: null, met: 0, breached: 0, running: 1 },
    ],
    priorities: [{ priority_id: 3, name: '3 high', met: 1, breached: 1, running: 0 }],
  },
  reopen: { closed: 20, reopened: 1, rate: 0.05 },
  services: { services: [{ service: 'b2share', created: 6 }] },
  workload: { agents: [{ user_id: 2, name: 'Avery Agent', assigned: 5, answered: 4, closed: 3 }] },
} as const;

/** The reports part of the fake BFF: answers people whose session has `reports`, 403 others. */
export const reportHandlers = [
  http.get('/bff/reports/scope', () => {
    if (!db.sessionUser) return bffError(401, 'unauthenticated', 'Not signed in.');
    if (!db.sessionUser.reports) return bffError(403, 'forbidden', 'Not authorized (report).');
    return HttpResponse.json({ scope: db.sessionUser.reports, group_ids: [4] });
  }),
  http.get('/bff/reports/:panel', ({ params }) => {
    if (!db.sessionUser) return bffError(401, 'unauthenticated', 'Not signed in.');
    if (!db.sessionUser.reports) return bffError(403, 'forbidden', 'Not authorized (report).');
    const figures = REPORT_FIGURES[params.panel as keyof typeof REPORT_FIGURES];
    return figures ? HttpResponse.json(figures) : bffError(404, 'not_found', 'No such BFF route.');
  }),
];
