import type { AnyPanelData, Panel } from './reports.ts';

/*
 * Reports as CSV: one long ("tidy") table per file, `panel,item,metric,value`, so a spreadsheet
 * can filter or pivot it and the monthly file is simply every panel's rows one after the other.
 * `item` is an ISO date (YYYY-MM-DD) for series, a name for units, priorities, services and
 * agents, or a bucket; durations are business minutes. UTF-8 with a BOM, so spreadsheet programs
 * read names with accents right; CRLF line ends (RFC 4180).
 */

type Row = [panel: Panel, item: string, metric: string, value: string | number | null];

export const CSV_HEADER = ['panel', 'item', 'metric', 'value'] as const;

/** A field as RFC 4180 wants it; a leading =, +, - or @ is defused so no spreadsheet runs it. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

function rowsOf<P extends Panel>(panel: P, data: AnyPanelData[P]): Row[] {
  const d = data as AnyPanelData[Panel];
  switch (panel) {
    case 'volume':
      return (d as AnyPanelData['volume']).buckets.flatMap((b): Row[] => [
        ['volume', b.date, 'created', b.created],
        ['volume', b.date, 'closed', b.closed],
      ]);
    case 'backlog': {
      const b = d as AnyPanelData['backlog'];
      return [
        ...b.buckets.map((x): Row => ['backlog', x.date, 'open', x.open]),
        ...Object.entries(b.age).map(([bucket, n]): Row => ['backlog', `age_${bucket}`, 'open', n]),
      ];
    }
    case 'times': {
      const t = d as AnyPanelData['times'];
      const summary = (['first_response', 'resolution'] as const).flatMap((k): Row[] => [
        ['times', k, 'count', t[k].count],
        ['times', k, 'median_minutes', t[k].median],
        ['times', k, 'p90_minutes', t[k].p90],
      ]);
      const trend = t.trend.flatMap((x): Row[] => [
        ['times', x.date, 'first_response_median_minutes', x.first_response_median],
        ['times', x.date, 'resolution_median_minutes', x.resolution_median],
      ]);
      return [...summary, ...trend];
    }
    case 'sla': {
      const s = d as AnyPanelData['sla'];
      const counts = (panelItem: string, x: { met: number; breached: number; running: number }): Row[] => [
        ['sla', panelItem, 'met', x.met],
        ['sla', panelItem, 'breached', x.breached],
        ['sla', panelItem, 'running', x.running],
      ];
      return [
        ...s.units.flatMap((u): Row[] => [
          ['sla', `unit: ${u.name}`, 'qos_level', u.qos_level],
          ...counts(`unit: ${u.name}`, u),
        ]),
        ...s.priorities.flatMap((p) => counts(`priority: ${p.name}`, p)),
      ];
    }
    case 'reopen': {
      const r = d as AnyPanelData['reopen'];
      return [
        ['reopen', 'all', 'closed', r.closed],
        ['reopen', 'all', 'reopened', r.reopened],
        ['reopen', 'all', 'rate', r.rate],
      ];
    }
    case 'services':
      return (d as AnyPanelData['services']).services.map(
        (s): Row => ['services', s.service, 'created', s.created],
      );
    case 'workload':
      return (d as AnyPanelData['workload']).agents.flatMap((a): Row[] => [
        ['workload', a.name, 'assigned', a.assigned],
        ['workload', a.name, 'answered', a.answered],
        ['workload', a.name, 'closed', a.closed],
      ]);
  }
  return [];
}

/** One CSV file of the panels given, in their order. */
export function reportCsv(panels: Partial<AnyPanelData>): string {
  const rows: Row[] = [];
  for (const [panel, data] of Object.entries(panels) as [Panel, AnyPanelData[Panel]][])
    rows.push(...rowsOf(panel, data));
  const lines = [CSV_HEADER.join(','), ...rows.map((r) => r.map(csvField).join(','))];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}
