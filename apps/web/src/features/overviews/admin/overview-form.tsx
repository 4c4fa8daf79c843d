import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConditionEditor, type ConditionOptions } from '@/components/condition-editor/condition-editor';
import {
  type ConditionRow,
  conditionOf,
  type RowError,
  rowsOf,
} from '@/components/condition-editor/condition-model';
import type { AdminOverview, AdminOverviewInput } from '../api/admin-overviews';
import { useSaveOverview } from '../api/admin-overviews';
import './strings';
import './admin.css';

/** Columns an overview may show and order or group by (Zammad's names). */
export const VIEW_COLUMNS = [
  'number',
  'title',
  'customer',
  'organization',
  'group',
  'owner',
  'state',
  'priority',
  'created_at',
  'updated_at',
  'escalation_at',
  'pending_time',
] as const;
const ORDER_COLUMNS = [
  'created_at',
  'updated_at',
  'number',
  'title',
  'escalation_at',
  'pending_time',
] as const;
const GROUP_COLUMNS = ['customer', 'organization', 'state', 'priority', 'group', 'owner'] as const;
const DEFAULT_VIEW = ['number', 'title', 'customer', 'group', 'created_at'];

type Field = 'name' | 'link' | 'role_ids' | 'view' | 'condition';

type OverviewFormProps = {
  overview: AdminOverview | null;
  roles: { id: number; name: string }[];
  options: ConditionOptions;
  onSaved: (saved: AdminOverview) => void;
  onCancel: () => void;
};

/** Create or edit one overview. A refused save keeps everything typed and says what to fix. */
export function OverviewForm({ overview, roles, options, onSaved, onCancel }: OverviewFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const save = useSaveOverview();
  const [name, setName] = useState(overview?.name ?? '');
  const [link, setLink] = useState(overview?.link ?? '');
  const [active, setActive] = useState(overview?.active ?? true);
  const [roleIds, setRoleIds] = useState<number[]>(
    overview?.role_ids ?? roles.filter((r) => r.name === 'Agent').map((r) => r.id),
  );
  const [rows, setRows] = useState<ConditionRow[]>(() => rowsOf(overview?.condition ?? {}));
  const [viewS, setViewS] = useState<string[]>(overview?.view.s.length ? overview.view.s : DEFAULT_VIEW);
  const [viewM, setViewM] = useState<string[]>(overview?.view.m.length ? overview.view.m : DEFAULT_VIEW);
  const [orderBy, setOrderBy] = useState(overview?.order.by ?? 'created_at');
  const [direction, setDirection] = useState<'ASC' | 'DESC'>(overview?.order.direction ?? 'ASC');
  const [groupBy, setGroupBy] = useState(overview?.group_by ?? '');
  const [groupDirection, setGroupDirection] = useState<'ASC' | 'DESC'>(overview?.group_direction ?? 'ASC');
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<Field, string>>>({});
  const [rowErrors, setRowErrors] = useState<RowError[]>([]);
  const [formError, setFormError] = useState('');

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Partial<Record<Field, string>> = {};
    if (!name.trim()) errs.name = t('adminOverviews.needName');
    if (roleIds.length === 0) errs.role_ids = t('adminOverviews.needRole');
    if (viewS.length === 0 || viewM.length === 0) errs.view = t('adminOverviews.needColumn');
    const { condition, errors } = conditionOf(rows);
    setFieldErrors(errs);
    setRowErrors(errors);
    if (Object.keys(errs).length > 0 || errors.length > 0) {
      setFormError(t('adminOverviews.fixErrors'));
      return;
    }
    setFormError('');
    const input: AdminOverviewInput = {
      name: name.trim(),
      ...(link.trim() ? { link: link.trim() } : {}),
      active,
      role_ids: roleIds,
      condition,
      order: { by: orderBy, direction },
      group_by: groupBy || null,
      group_direction: groupBy ? groupDirection : null,
      view: { s: viewS, m: viewM },
    };
    save.mutate(
      { id: overview?.id ?? null, input },
      {
        onSuccess: onSaved,
        onError: (error) => {
          // The BFF names the field ("name: …"); the helpdesk's 422s about conditions say so.
          const m = /^([a-z_]+)(?:\.[^:]*)?: (.*)$/.exec(error.message);
          const field = m?.[1] as Field | undefined;
          if (field && ['name', 'link', 'role_ids', 'view', 'condition'].includes(field))
            setFieldErrors({ [field]: m?.[2] ?? error.message });
          else if (/condition/i.test(error.message)) setFieldErrors({ condition: error.message });
          setFormError(error.message);
        },
      },
    );
  };

  const err = (f: Field) =>
    fieldErrors[f] ? (
      <p id={`${id}-${f}-error`} className="form-error">
        {fieldErrors[f]}
      </p>
    ) : null;
  const described = (f: Field, hint?: string) => {
    const ids = [hint, fieldErrors[f] ? `${id}-${f}-error` : undefined].filter(Boolean).join(' ');
    return { 'aria-describedby': ids || undefined, 'aria-invalid': fieldErrors[f] ? true : undefined };
  };

  const columnBoxes = (legend: string, value: string[], set: (v: string[]) => void) => (
    <fieldset className="overview-form__columns">
      <legend>{legend}</legend>
      {VIEW_COLUMNS.map((c) => (
        <label key={c}>
          <input
            type="checkbox"
            checked={value.includes(c)}
            onChange={(e) =>
              set(
                e.target.checked
                  ? VIEW_COLUMNS.filter((x) => x === c || value.includes(x))
                  : value.filter((x) => x !== c),
              )
            }
          />{' '}
          {t(`adminOverviews.col.${c}`)}
        </label>
      ))}
    </fieldset>
  );

  const title = overview
    ? t('adminOverviews.editTitle', { name: overview.name })
    : t('adminOverviews.newTitle');
  return (
    <form className="overview-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {formError && (
        <p role="alert" className="form-error">
          {formError}
        </p>
      )}
      <div className="field">
        <label htmlFor={`${id}-name`}>{t('adminOverviews.name')}</label>
        <input
          id={`${id}-name`}
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={250}
          required
          {...described('name')}
        />
        {err('name')}
      </div>
      <div className="field">
        <label htmlFor={`${id}-link`}>{t('adminOverviews.link')}</label>
        <input
          id={`${id}-link`}
          value={link}
          onChange={(e) => setLink(e.target.value)}
          maxLength={250}
          {...described('link', `${id}-link-hint`)}
        />
        <p id={`${id}-link-hint`} className="field-hint">
          {t('adminOverviews.linkHint')}
        </p>
        {err('link')}
      </div>
      <label className="field field--inline">
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />{' '}
        {t('adminOverviews.activeLabel')}
      </label>
      <fieldset className="overview-form__roles" {...described('role_ids')}>
        <legend>{t('adminOverviews.roles')}</legend>
        {roles.map((r) => (
          <label key={r.id}>
            <input
              type="checkbox"
              checked={roleIds.includes(r.id)}
              onChange={(e) =>
                setRoleIds(e.target.checked ? [...roleIds, r.id] : roleIds.filter((x) => x !== r.id))
              }
            />{' '}
            {r.name}
          </label>
        ))}
        {err('role_ids')}
      </fieldset>
      <ConditionEditor rows={rows} onChange={setRows} options={options} errors={rowErrors} />
      {err('condition')}
      <div className="overview-form__view">
        {columnBoxes(t('adminOverviews.columnsS'), viewS, setViewS)}
        {columnBoxes(t('adminOverviews.columnsM'), viewM, setViewM)}
        {err('view')}
      </div>
      <div className="overview-form__order">
        <label>
          {t('adminOverviews.orderBy')}{' '}
          <select value={orderBy} onChange={(e) => setOrderBy(e.target.value)}>
            {ORDER_COLUMNS.map((c) => (
              <option key={c} value={c}>
                {t(`adminOverviews.col.${c}`)}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('adminOverviews.direction')}{' '}
          <select value={direction} onChange={(e) => setDirection(e.target.value as 'ASC' | 'DESC')}>
            <option value="ASC">{t('adminOverviews.asc')}</option>
            <option value="DESC">{t('adminOverviews.desc')}</option>
          </select>
        </label>
        <label>
          {t('adminOverviews.groupBy')}{' '}
          <select value={groupBy} onChange={(e) => setGroupBy(e.target.value)}>
            <option value="">{t('adminOverviews.noGrouping')}</option>
            {GROUP_COLUMNS.map((c) => (
              <option key={c} value={c}>
                {t(`adminOverviews.col.${c}`)}
              </option>
            ))}
          </select>
        </label>
        {groupBy && (
          <label>
            {t('adminOverviews.direction')} ({t('adminOverviews.groupBy')}){' '}
            <select
              value={groupDirection}
              onChange={(e) => setGroupDirection(e.target.value as 'ASC' | 'DESC')}
            >
              <option value="ASC">{t('adminOverviews.asc')}</option>
              <option value="DESC">{t('adminOverviews.desc')}</option>
            </select>
          </label>
        )}
      </div>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? t('adminOverviews.saving') : t('adminOverviews.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('adminOverviews.cancel')}
        </button>
      </div>
    </form>
  );
}
