import { useQuery } from '@tanstack/react-query';
import { type FormEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { referenceQueryOptions } from '@/lib/reference';
import { servicesQueryOptions } from '@/lib/services';
import { panelQueryOptions, type ReportScope } from '../api/reports';
import {
  PERIODS,
  type PeriodKind,
  type Range,
  type ReportFilters,
  type ReportView,
  reportQuery,
} from '../period';

const CHANNELS = ['email', 'web', 'phone'] as const;

/** A change of the view, applied to the view as it is then (see ReportControls). */
export type ViewChange = (current: ReportView) => {
  period: PeriodKind;
  range?: Range;
  compare: boolean;
  filters: ReportFilters;
};

/**
 * The period picker, "compare with the previous period" and the filters. Every change goes
 * straight to the URL (`onChange`), so the view can be bookmarked and shared; a custom range
 * applies with its button, once both days are set. Changes are functions of the current view,
 * not of the one this render shows: while new figures load, the router keeps the previous
 * screen (a transition), and a second change made meanwhile must not undo the first.
 */
export function ReportControls({
  view,
  scope,
  onChange,
}: {
  view: ReportView;
  scope: ReportScope;
  onChange: (change: ViewChange) => void;
}) {
  const { t } = useTranslation();
  const id = useId();
  const reference = useQuery(referenceQueryOptions()).data;
  const services = useQuery(servicesQueryOptions()).data ?? [];
  // Units by name: the groups the person sees as an agent, and those the SLA figures name (a
  // manager who is no agent may see no groups of their own), asked without the unit filter so
  // every unit stays on offer once one is chosen.
  const { unit: _unit, ...otherFilters } = view.filters;
  const sla = useQuery(panelQueryOptions('sla', reportQuery(view.range, otherFilters))).data;
  const units = new Map<number, string>();
  for (const g of reference?.groups ?? [])
    if (g.active && (scope.scope === 'all' || scope.group_ids.includes(g.id))) units.set(g.id, g.name);
  for (const u of sla?.units ?? []) if (!units.has(u.group_id)) units.set(u.group_id, u.name);
  const priorities = (reference?.priorities ?? []).filter((p) => p.active);
  const providers = [...new Set(services.map((s) => s.provider).filter(Boolean))].sort((a, b) =>
    a.localeCompare(b),
  );
  const base = (v: ReportView) => ({
    period: v.period,
    range: v.range,
    compare: v.compare,
    filters: v.filters,
  });
  const setFilter = (patch: Partial<ReportFilters>) =>
    onChange((v) => {
      const filters: ReportFilters = { ...v.filters, ...patch };
      for (const k of Object.keys(patch) as (keyof ReportFilters)[])
        if (patch[k] === undefined) delete filters[k];
      return { ...base(v), filters };
    });

  // Ticks apply to the view as it is then (see above), so quick ticks add up.
  const toggle = (key: 'unit' | 'priority') => (value: string, checked: boolean) =>
    onChange((v) => {
      const now = v.filters[key] ?? [];
      const next = checked ? [...new Set([...now, value])] : now.filter((x) => x !== value);
      const filters: ReportFilters = { ...v.filters, [key]: next };
      if (next.length === 0) delete filters[key];
      return { ...base(v), filters };
    });

  const applyCustom = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = new FormData(e.currentTarget);
    const from = String(form.get('from') ?? '');
    const to = String(form.get('to') ?? '');
    if (from && to)
      onChange((v) => ({
        ...base(v),
        period: 'custom',
        range: from <= to ? { from, to } : { from: to, to: from },
      }));
  };

  return (
    <section className="report-controls card" aria-label={t('reports.controls')}>
      <div className="report-controls__row">
        <div className="field">
          <label htmlFor={`${id}-period`}>{t('reports.period')}</label>
          <select
            id={`${id}-period`}
            value={view.period}
            onChange={(e) => {
              const period = e.target.value as PeriodKind;
              onChange((v) => ({ ...base(v), period }));
            }}
          >
            {PERIODS.map((p) => (
              <option key={p} value={p}>
                {t(`reports.periods.${p}`)}
              </option>
            ))}
          </select>
        </div>
        {view.period === 'custom' && (
          <form className="report-controls__custom" onSubmit={applyCustom}>
            <div className="field">
              <label htmlFor={`${id}-from`}>{t('reports.from')}</label>
              <input id={`${id}-from`} name="from" type="date" defaultValue={view.range.from} required />
            </div>
            <div className="field">
              <label htmlFor={`${id}-to`}>{t('reports.to')}</label>
              <input id={`${id}-to`} name="to" type="date" defaultValue={view.range.to} required />
            </div>
            <button type="submit" className="button button--secondary">
              {t('reports.apply')}
            </button>
          </form>
        )}
        <label className="report-controls__compare">
          <input
            type="checkbox"
            checked={view.compare}
            onChange={(e) => {
              const compare = e.target.checked;
              onChange((v) => ({ ...base(v), compare }));
            }}
          />
          {t('reports.compare')}
        </label>
      </div>
      <div className="report-controls__row">
        <MultiPick
          label={t('reports.unit')}
          values={view.filters.unit ?? []}
          options={[...units].map(([unitId, name]) => [String(unitId), name])}
          onToggle={toggle('unit')}
        />
        <MultiPick
          label={t('reports.priority')}
          values={view.filters.priority ?? []}
          options={priorities.map((p) => [String(p.id), p.name])}
          onToggle={toggle('priority')}
        />
        <Select
          id={`${id}-type`}
          label={t('reports.type')}
          value={view.filters.type ?? ''}
          options={(['incident', 'service_request'] as const).map((k) => [k, t(`reports.types.${k}`)])}
          onChange={(v) => setFilter({ type: (v || undefined) as ReportFilters['type'] })}
        />
        <Select
          id={`${id}-service`}
          label={t('reports.service')}
          value={view.filters.service ?? ''}
          options={services.map((s) => [s.key, s.name])}
          onChange={(v) => setFilter({ service: v || undefined })}
        />
        <Select
          id={`${id}-provider`}
          label={t('reports.provider')}
          value={view.filters.provider ?? ''}
          options={providers.map((p) => [p, p])}
          onChange={(v) => setFilter({ provider: v || undefined })}
        />
        <Select
          id={`${id}-channel`}
          label={t('reports.channel')}
          value={view.filters.channel ?? ''}
          options={CHANNELS.map((c) => [c, t(`reports.channels.${c}`)])}
          onChange={(v) => setFilter({ channel: v || undefined })}
        />
        <Select
          id={`${id}-interval`}
          label={t('reports.interval')}
          value={view.filters.interval ?? 'day'}
          options={(['day', 'week'] as const).map((k) => [k, t(`reports.intervals.${k}`)])}
          onChange={(v) => setFilter({ interval: v === 'week' ? 'week' : undefined })}
          noAny
        />
        <button
          type="button"
          className="link-button"
          onClick={() => onChange((v) => ({ ...base(v), filters: {} }))}
        >
          {t('reports.clear')}
        </button>
      </div>
    </section>
  );
}

function Select({
  id,
  label,
  value,
  options,
  onChange,
  noAny,
}: {
  id: string;
  label: string;
  value: string;
  options: [string, string][];
  onChange: (value: string) => void;
  noAny?: boolean;
}) {
  const { t } = useTranslation();
  // A value from the URL that is not (yet) among the options still shows as chosen.
  const all =
    value && !options.some(([v]) => v === value) ? [...options, [value, value] as [string, string]] : options;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value)}>
        {!noAny && <option value="">{t('reports.any')}</option>}
        {all.map(([v, text]) => (
          <option key={v} value={v}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
}

/**
 * Several values of one filter (units, priorities): a disclosure holding a group of checkboxes,
 * as the inbox's filter menus. The summary says what is chosen; Escape closes it.
 */
function MultiPick({
  label,
  values,
  options,
  onToggle,
}: {
  label: string;
  values: string[];
  options: [string, string][];
  onToggle: (value: string, checked: boolean) => void;
}) {
  const { t } = useTranslation();
  // A tick shows at once; the URL (and so `values`) follows when the new figures are ready.
  const [shown, setShown] = useState(values);
  const key = values.join(',');
  // biome-ignore lint/correctness/useExhaustiveDependencies: follow the URL's values only
  useEffect(() => setShown(values), [key]);
  // Values from the URL that are not (yet) among the options still show as chosen.
  const all = [...options, ...shown.filter((v) => !options.some(([o]) => o === v)).map((v) => [v, v])] as [
    string,
    string,
  ][];
  const names = shown.map((v) => all.find(([o]) => o === v)?.[1] ?? v);
  const chosen =
    names.length === 0
      ? t('reports.any')
      : names.length === 1
        ? names[0]
        : t('reports.chosen', { count: names.length });
  return (
    <details
      className="field report-pick"
      onKeyDown={(e) => {
        if (e.key !== 'Escape' || !e.currentTarget.open) return;
        e.currentTarget.open = false;
        e.currentTarget.querySelector('summary')?.focus();
        e.stopPropagation();
      }}
    >
      <summary>
        <span className="report-pick__label">{label}</span>
        <span className="report-pick__value">{chosen}</span>
      </summary>
      <fieldset>
        <legend className="visually-hidden">{label}</legend>
        {all.map(([v, text]) => (
          <label key={v}>
            <input
              type="checkbox"
              checked={shown.includes(v)}
              onChange={(e) => {
                const on = e.target.checked;
                setShown((now) => (on ? [...now, v] : now.filter((x) => x !== v)));
                onToggle(v, on);
              }}
            />{' '}
            {text}
          </label>
        ))}
      </fieldset>
    </details>
  );
}
