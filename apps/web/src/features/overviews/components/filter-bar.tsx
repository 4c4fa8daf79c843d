import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, useLanguage } from '@/lib/i18n';
import { useAgents, useReference } from '@/lib/reference';
import { useServices } from '@/lib/services';
import {
  ALL_FILTER_KEYS,
  type AnyFilterKey,
  FILTER_KEYS,
  type FilterKey,
  hasFilters,
  type InboxFilters,
} from '../api/filters';
import { useRows } from '../api/get-overview-page';
import type { Sort } from '../api/types';
import '../filter-strings';
import { priorityLabel, stateLabel } from '@/lib/helpdesk-names';
import '../overviews.css';

type Option = { value: string; label: string };

const SLA_STATES = ['breached', 'warning', 'running', 'none'] as const;

type FilterBarProps = {
  /** The overview being filtered, and its order (the count shares the table's query). */
  link: string;
  sort: Sort;
  filters: InboxFilters;
  onChange: (next: InboxFilters) => void;
};

/**
 * Filters above the inbox table: one multi-select menu per attribute, the active filters as
 * removable chips, "clear", and how many tickets match. Filtering happens on the server.
 */
export function FilterBar({ link, sort, filters, onChange }: FilterBarProps) {
  const { t } = useTranslation();
  const { language } = useLanguage();
  const reference = useReference();
  const agents = useAgents();
  const services = useServices();
  const rows = useRows({ kind: 'overview', link, sort, filters });
  const total = rows.data?.pages[0]?.total_count;
  // What the agent just chose shows at once; the URL (and so `filters`) follows a moment later.
  const [shown, setShown] = useState(filters);
  useEffect(() => setShown(filters), [filters]);

  const options: Record<FilterKey, Option[]> = {
    state: (reference.data?.states ?? [])
      .filter((s) => s.active && s.state_type !== 'merged')
      .map((s) => ({ value: String(s.id), label: stateLabel(s.name, t) })),
    priority: (reference.data?.priorities ?? [])
      .filter((p) => p.active)
      .map((p) => ({ value: String(p.id), label: priorityLabel(p.name, t) })),
    group: (reference.data?.groups ?? [])
      .filter((g) => g.active)
      .map((g) => ({ value: String(g.id), label: g.name })),
    owner: [
      { value: 'me', label: t('filters.me') },
      { value: 'none', label: t('filters.unassigned') },
      ...(agents.data ?? []).map((a) => ({ value: String(a.id), label: a.name })),
    ],
    service: (services.data ?? []).map((s) => ({ value: s.key, label: s.name })),
    type: [
      { value: 'incident', label: t('filters.incident') },
      { value: 'service_request', label: t('filters.service_request') },
    ],
    sla: SLA_STATES.map((value) => ({ value, label: t(`filters.slaState.${value}`) })),
  };
  const labelOf = (key: AnyFilterKey, value: string) => {
    if (key === 'created' || key === 'closed') {
      const [from, to] = value.split('..');
      return from === to ? (from ?? value) : t('filters.range', { from, to });
    }
    if (key === 'first_response') return t(`filters.firstResponse.${value}`);
    return options[key].find((o) => o.value === value)?.label ?? value;
  };

  const set = (key: AnyFilterKey, values: string[]) => {
    const next = { ...shown, [key]: values };
    setShown(next);
    onChange(next);
  };
  const chips = ALL_FILTER_KEYS.flatMap((key) => (shown[key] ?? []).map((value) => ({ key, value })));

  return (
    <section className="filter-bar" aria-label={t('filters.label')}>
      <div className="filter-bar__menus">
        {FILTER_KEYS.map((key) => {
          const chosen = shown[key] ?? [];
          const name = t(`filters.${key}`);
          return (
            <details
              key={key}
              className="filter-bar__menu"
              onKeyDown={(e) => {
                // Escape closes the open menu and returns to its button, like other menus.
                if (e.key !== 'Escape' || !e.currentTarget.open) return;
                e.currentTarget.open = false;
                e.currentTarget.querySelector('summary')?.focus();
                e.stopPropagation();
              }}
            >
              <summary>{chosen.length ? t('filters.chosen', { name, count: chosen.length }) : name}</summary>
              <fieldset>
                <legend className="visually-hidden">{name}</legend>
                {options[key].length === 0 && <p>{t('filters.loading')}</p>}
                {options[key].map((o) => (
                  <label key={o.value}>
                    <input
                      type="checkbox"
                      checked={chosen.includes(o.value)}
                      onChange={(e) =>
                        set(
                          key,
                          e.target.checked ? [...chosen, o.value] : chosen.filter((v) => v !== o.value),
                        )
                      }
                    />{' '}
                    {o.label}
                  </label>
                ))}
              </fieldset>
            </details>
          );
        })}
        <p className="filter-bar__count" role="status">
          {total === undefined
            ? ''
            : t('filters.matching', { count: total, formatted: formatNumber(total, language) })}
        </p>
      </div>
      {hasFilters(shown) && (
        <div className="filter-bar__active">
          <ul aria-label={t('filters.active')} className="filter-bar__chips">
            {chips.map(({ key, value }) => {
              const name = t(`filters.${key}`);
              const label = labelOf(key, value);
              return (
                <li key={`${key}:${value}`} className="filter-chip">
                  <span>
                    {name}: {label}
                  </span>
                  <button
                    type="button"
                    aria-label={t('filters.remove', { name, value: label })}
                    onClick={() =>
                      set(
                        key,
                        (shown[key] ?? []).filter((v) => v !== value),
                      )
                    }
                  >
                    <span aria-hidden="true">×</span>
                  </button>
                </li>
              );
            })}
          </ul>
          <button
            type="button"
            className="link-button"
            onClick={() => {
              setShown({});
              onChange({});
            }}
          >
            {t('filters.clear')}
          </button>
        </div>
      )}
    </section>
  );
}
