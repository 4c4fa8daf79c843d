import type { QueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, type LoaderFunctionArgs, useNavigate, useSearchParams } from 'react-router';
import { requireAgent } from '@/app/session';
import { AsyncBoundary } from '@/components/async-boundary';
import { isTyping, ShortcutsHelp } from '@/components/shortcuts-help';
import { Status } from '@/components/status';
import { UndoToast, useUndoToast } from '@/components/undo-toast';
import { useBulkUpdate } from '@/features/overviews/api/bulk-update';
import { filtersFromParams, withFilters } from '@/features/overviews/api/filters';
import { overviewsQueryOptions, useOverviews } from '@/features/overviews/api/get-overviews';
import { usePermissions } from '@/features/overviews/api/get-permissions';
import type { InboxRow, Sort, SortColumn } from '@/features/overviews/api/types';
import { BulkBar } from '@/features/overviews/components/bulk-bar';
import { ColumnChooser } from '@/features/overviews/components/column-chooser';
import { COLUMNS, type ColumnId, loadColumns, saveColumns } from '@/features/overviews/components/columns';
import { FilterBar } from '@/features/overviews/components/filter-bar';
import { InboxTable } from '@/features/overviews/components/inbox-table';
import { OverviewSidebar } from '@/features/overviews/components/overview-sidebar';
import { useLiveRefresh } from '@/features/overviews/hooks/use-live-refresh';
import { INBOX_SHORTCUTS } from '@/features/overviews/shortcuts';
import { useReference } from '@/lib/reference';
import { useSession } from '@/lib/session';
import '@/features/overviews/strings';
import { overviewLabel } from '@/lib/helpdesk-names';
import { saveTicketList } from '@/lib/ticket-list';
import './agent-inbox.css';

export function agentInboxLoader(queryClient: QueryClient) {
  return async ({ request }: LoaderFunctionArgs) => {
    await requireAgent(queryClient, request);
    await queryClient.ensureQueryData(overviewsQueryOptions());
    return null;
  };
}

function parseSort(params: URLSearchParams): Sort {
  const by = params.get('sort');
  const order = params.get('order') === 'desc' ? 'desc' : 'asc';
  const col = COLUMNS.find((c) => c.sortBy === by);
  return col ? { by: col.sortBy as SortColumn, order } : null;
}

/** Every ticket the agent may read, in any state: where report figures open their tickets. */
const ALL_TICKETS = 'all';

export function AgentInboxPage() {
  useLiveRefresh();
  const { t } = useTranslation();
  const permissions = usePermissions();
  const overviews = useOverviews();
  const [params, setParams] = useSearchParams();
  // Triage first: the unassigned open tickets, as long as the agent has that overview.
  const view =
    params.get('view') ?? (overviews.find((o) => o.link === 'all_unassigned') ?? overviews[0])?.link ?? '';
  const sort = parseSort(params);
  const q = params.get('q')?.trim() ?? '';
  const filtersKey = params.toString();
  // biome-ignore lint/correctness/useExhaustiveDependencies: filters change only with the URL
  const filters = useMemo(() => filtersFromParams(params), [filtersKey]);
  const searchBox = useRef<HTMLInputElement>(null);
  const me = useSession();
  const navigate = useNavigate();
  const reference = useReference();
  const bulk = useBulkUpdate();
  const toast = useUndoToast();
  const [columns, setColumns] = useState<ColumnId[]>(loadColumns);
  const [selected, setSelected] = useState<ReadonlySet<number>>(new Set());
  const [active, setActive] = useState(-1);
  const [rows, setRows] = useState<InboxRow[]>([]);
  const [help, setHelp] = useState(false);

  // A new overview or order is a new list: selection and cursor start over.
  // biome-ignore lint/correctness/useExhaustiveDependencies: reset on view or sort changes only
  useEffect(() => {
    setSelected(new Set());
    setActive(-1);
  }, [view, sort?.by, sort?.order, q, filters]);

  // The ticket view steps through this list with j / k.
  useEffect(() => {
    if (rows.length > 0)
      saveTicketList({ ids: rows.map((r) => r.id), from: `/agent${filtersKey ? `?${filtersKey}` : ''}` });
  }, [rows, filtersKey]);

  const hrefFor = useCallback((link: string) => `/agent?${new URLSearchParams({ view: link })}`, []);
  const onSort = (next: Sort) => {
    const p = withFilters(new URLSearchParams({ view }), filters);
    if (next) {
      p.set('sort', next.by);
      p.set('order', next.order);
    }
    setParams(p);
  };
  const onSelect = useCallback(
    (ids: number[], on: boolean) =>
      setSelected((prev) => {
        const next = new Set(prev);
        for (const id of ids) {
          if (on) next.add(id);
          else next.delete(id);
        }
        return next;
      }),
    [],
  );

  useEffect(() => {
    const targets = (): number[] => {
      if (selected.size > 0) return [...selected];
      const row = rows[active];
      return row ? [row.id] : [];
    };
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || isTyping(e.target)) return;
      const row = rows[active];
      switch (e.key) {
        case 'j':
          setActive((i) => Math.min(i + 1, rows.length - 1));
          break;
        case 'k':
          setActive((i) => Math.max(i - 1, 0));
          break;
        case 'Enter':
        case 'o':
          if (!row) return;
          void navigate(`/agent/tickets/${row.id}`);
          break;
        case 'x':
          if (!row) return;
          onSelect([row.id], !selected.has(row.id));
          break;
        case 'a': {
          const ids = targets();
          if (ids.length === 0 || !me) return;
          bulk.mutate({ ticket_ids: ids, owner_id: me.id });
          break;
        }
        case 'c': {
          const ids = targets();
          const closed = reference.data?.states.find((s) => s.name === 'closed');
          if (ids.length === 0 || !closed) return;
          // Fast, and undoable: the notice offers each ticket's previous state back for a few seconds.
          const previous = new Map<number, number[]>();
          for (const id of ids) {
            const was = rows.find((r) => r.id === id)?.state_id;
            if (was === undefined || was === closed.id) continue;
            previous.set(was, [...(previous.get(was) ?? []), id]);
          }
          const first = rows.find((r) => r.id === ids[0]);
          bulk.mutate(
            { ticket_ids: ids, state_id: closed.id },
            {
              onSuccess: () =>
                toast.show({
                  message:
                    ids.length === 1
                      ? t('undoClose.closedOne', { number: first?.number ?? ids[0] })
                      : t('undoClose.closedMany', { count: ids.length }),
                  ...(previous.size > 0
                    ? {
                        undo: () =>
                          Promise.all(
                            [...previous].map(([state_id, ticket_ids]) =>
                              bulk.mutateAsync({ ticket_ids, state_id }),
                            ),
                          ),
                      }
                    : {}),
                }),
            },
          );
          break;
        }
        case '/':
          searchBox.current?.focus();
          break;
        case '?':
          setHelp(true);
          break;
        default:
          return;
      }
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [rows, active, selected, me, bulk, reference.data, navigate, onSelect, toast.show, t]);

  const current = overviews.find((o) => o.link === view);
  // The list of every ticket is no overview of the agent's, but is one to show and filter.
  const listed = Boolean(current) || view === ALL_TICKETS;
  const may = permissions.data;
  // Only what the person may administer is linked (the BFF and the helpdesk refuse the rest).
  const adminLinks = (
    [
      [may?.overview_admin, '/agent/admin/overviews', 'inbox.manageOverviews'],
      [may?.unit_admin, '/agent/admin/units', 'inbox.manageUnits'],
      [may?.service_admin, '/agent/admin/services', 'inbox.manageServices'],
      [may?.community_admin, '/agent/admin/communities', 'inbox.manageCommunities'],
      [may?.calendar_admin, '/agent/admin/calendars', 'inbox.manageCalendars'],
      [may?.sla_admin, '/agent/admin/slas', 'inbox.manageSlas'],
      [may?.trigger_admin, '/agent/admin/triggers', 'inbox.manageTriggers'],
      [may?.webhook_admin, '/agent/admin/webhooks', 'inbox.manageWebhooks'],
      [may?.scheduler_admin, '/agent/admin/jobs', 'inbox.workerJobs'],
      [may?.mail_admin, '/agent/admin/mail', 'inbox.mailAdmin'],
      [may?.kb_editor, '/agent/kb', 'inbox.kbEditor'],
    ] as const
  ).flatMap(([allowed, to, label]) => (allowed ? [[to, label] as const] : []));

  return (
    <>
      <title>{t('inbox.pageTitle')}</title>
      <div className="inbox">
        <aside className="inbox__side">
          <h1>{t('inbox.heading')}</h1>
          <search className="inbox__search">
            <form
              onSubmit={(e) => {
                e.preventDefault();
                const value = searchBox.current?.value.trim() ?? '';
                setParams(value ? new URLSearchParams({ q: value }) : new URLSearchParams({ view }));
              }}
            >
              <label htmlFor="inbox-search" className="visually-hidden">
                {t('inbox.search')}
              </label>
              <input
                id="inbox-search"
                ref={searchBox}
                type="search"
                key={q}
                defaultValue={q}
                placeholder={t('inbox.searchPlaceholder')}
              />
            </form>
          </search>
          <OverviewSidebar current={q ? '' : view} hrefFor={hrefFor} />
          <button type="button" className="link-button" onClick={() => setHelp(true)}>
            {t('inbox.shortcuts')}
          </button>
          {adminLinks.length > 0 && (
            <nav aria-label={t('inbox.adminLinks')} className="inbox__admin">
              <ul>
                {adminLinks.map(([to, label]) => (
                  <li key={to}>
                    <Link to={to}>{t(label)}</Link>
                  </li>
                ))}
              </ul>
            </nav>
          )}
        </aside>
        <section className="inbox__main" aria-labelledby="overview-title">
          <header className="inbox__header">
            <h2 id="overview-title">
              {q
                ? t('inbox.searchHeading', { q })
                : current
                  ? overviewLabel(current.name, t)
                  : view === ALL_TICKETS
                    ? t('inbox.allTickets')
                    : t('inbox.noOverview')}
            </h2>
            <ColumnChooser
              visible={columns}
              onChange={(ids) => {
                setColumns(ids);
                saveColumns(ids);
              }}
            />
          </header>
          {!q && listed && (
            <FilterBar
              link={view}
              sort={sort}
              filters={filters}
              onChange={(next) => setParams(withFilters(params, next))}
            />
          )}
          {me && (
            <BulkBar
              selected={[...selected]}
              tickets={rows.filter((r) => selected.has(r.id))}
              me={me.id}
              onDone={() => setSelected(new Set())}
            />
          )}
          {listed || q ? (
            <AsyncBoundary loading={t('inbox.loadingTickets')}>
              <InboxTable
                key={q ? `q:${q}` : view}
                source={q ? { kind: 'search', q } : { kind: 'overview', link: view, sort, filters }}
                {...(q ? {} : { onSort })}
                columns={columns}
                selected={selected}
                onSelect={onSelect}
                active={active}
                onRows={setRows}
                ticketHref={(id) => `/agent/tickets/${id}`}
              />
            </AsyncBoundary>
          ) : (
            <Status>{t('inbox.noSuchOverview')}</Status>
          )}
        </section>
      </div>
      <UndoToast notice={toast.notice} show={toast.show} />
      <ShortcutsHelp
        open={help}
        onClose={() => setHelp(false)}
        shortcuts={INBOX_SHORTCUTS.map(
          ([k, what]) => [k.includes('.') ? t(k) : k, t(what)] as [string, string],
        )}
      />
    </>
  );
}
