import type { ReportView } from '../period';

/** What every panel is drawn from: the view (period, comparison, filters) and what it may offer. */
export interface PanelProps {
  view: ReportView;
  /** Figures link to the agent inbox (only for people who have one). */
  inboxLinks: boolean;
  /** Offer the panel's CSV (not on the printed page). */
  downloads: boolean;
  /** Tables open from the start (the printable page). */
  tablesOpen?: boolean;
}

/** A key for everything the figures depend on (see PanelFrame's `resetKey`). */
export const viewKey = (view: ReportView) =>
  JSON.stringify([view.range, view.compare ? view.previous : null, view.filters]);
