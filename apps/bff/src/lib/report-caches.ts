import { TicketReadCache } from './reports-zammad/fetch.ts';

/**
 * Per BFF app: what each helpdesk turned out to be (for a while: the extension rarely comes or
 * goes), and what was read per ticket (lib/reports-source.ts). Apart from the source logic so the
 * app's dependencies (context.ts) can name it without importing back.
 */
export class ReportCaches {
  readonly reads = new TicketReadCache();
  readonly detected = new Map<string, { at: number; source: 'desk' | 'zammad' }>();
}
