import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConditionEditor, type ConditionOptions } from '@/components/condition-editor/condition-editor';
import {
  type ConditionRow,
  conditionOf,
  type RowError,
  rowsOf,
} from '@/components/condition-editor/condition-model';
import { priorityLabel } from '@/lib/helpdesk-names';
import type { Calendar } from '../api/calendars';
import { type Sla, useSaveSla } from '../api/slas';
import { describedBy, FieldError } from './admin-frame';

const TIMES = ['first_response_time', 'update_time', 'solution_time'] as const;
type TimeField = (typeof TIMES)[number];
type Field = 'name' | 'calendar_id' | 'condition' | 'times' | TimeField;
const TIME_LABEL: Record<TimeField, string> = {
  first_response_time: 'sl.slas.firstResponse',
  update_time: 'sl.slas.update',
  solution_time: 'sl.slas.solution',
};

type SlaFormProps = {
  sla: Sla | null;
  calendars: Pick<Calendar, 'id' | 'name' | 'default'>[];
  options: ConditionOptions;
  onSaved: (saved: Sla) => void;
  onCancel: () => void;
};

/**
 * Create or edit an SLA. The desk's QoS SLAs show their level and priority: only their times
 * change here (their condition follows the units' levels).
 */
export function SlaForm({ sla, calendars, options, onSaved, onCancel }: SlaFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const save = useSaveSla();
  const managed = sla?.managed === true;
  const [name, setName] = useState(sla?.name ?? '');
  const [calendarId, setCalendarId] = useState(
    String(sla?.calendar_id ?? calendars.find((c) => c.default)?.id ?? calendars[0]?.id ?? ''),
  );
  const [times, setTimes] = useState<Record<TimeField, string>>({
    first_response_time: sla?.first_response_time ? String(sla.first_response_time) : '',
    update_time: sla?.update_time ? String(sla.update_time) : '',
    solution_time: sla?.solution_time ? String(sla.solution_time) : '',
  });
  const [rows, setRows] = useState<ConditionRow[]>(() => rowsOf(sla?.condition ?? {}));
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [rowErrors, setRowErrors] = useState<RowError[]>([]);
  const [formError, setFormError] = useState('');

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Partial<Record<Field, string>> = {};
    if (!name.trim()) errs.name = t('sl.slas.needName');
    if (!calendarId) errs.calendar_id = t('sl.slas.needCalendar');
    const minutes: Partial<Record<TimeField, number | null>> = {};
    for (const f of TIMES) {
      const raw = times[f].trim();
      if (!raw) minutes[f] = null;
      else if (/^\d+$/.test(raw) && Number(raw) >= 1 && Number(raw) <= 10_000_000) minutes[f] = Number(raw);
      else errs[f] = t('sl.slas.badMinutes');
    }
    if (TIMES.every((f) => !times[f].trim())) errs.times = t('sl.slas.needTime');
    const { condition, errors: conditionErrors } = managed
      ? { condition: sla?.condition ?? {}, errors: [] }
      : conditionOf(rows);
    setErrors(errs);
    setRowErrors(conditionErrors);
    if (Object.keys(errs).length > 0 || conditionErrors.length > 0) {
      setFormError(t('sl.fixErrors'));
      return;
    }
    setFormError('');
    save.mutate(
      {
        id: sla?.id ?? null,
        input: {
          name: name.trim(),
          calendar_id: Number(calendarId),
          first_response_time: minutes.first_response_time ?? null,
          update_time: minutes.update_time ?? null,
          solution_time: minutes.solution_time ?? null,
          condition,
        },
      },
      {
        onSuccess: onSaved,
        onError: (error) => {
          // The BFF names the field ("name: …"); the desk's 422s about conditions say so.
          const m = /^([a-z_]+)(?:\.[^:]*)?: (.*)$/.exec(error.message);
          const field = m?.[1] as Field | undefined;
          if (field && ['name', 'calendar_id', ...TIMES].includes(field))
            setErrors({ [field]: m?.[2] ?? error.message });
          else if (/condition/i.test(error.message)) setErrors({ condition: error.message });
          setFormError(error.message);
        },
      },
    );
  };

  const level = sla?.qos?.level ? t(`lines.level.${sla.qos.level}`) : '';
  const priority = sla?.qos?.priority ? priorityLabel(sla.qos.priority, t) : '';

  return (
    <form className="sl-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{sla ? t('sl.slas.editTitle', { name: sla.name }) : t('sl.slas.newTitle')}</h2>
      {formError && (
        <p role="alert" className="form-error">
          {formError}
        </p>
      )}
      {managed && <p>{t('sl.slas.managed', { level, priority })}</p>}
      <div className="sl-row">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('sl.slas.name')}</label>
          <input
            id={`${id}-name`}
            value={name}
            maxLength={250}
            required
            readOnly={managed}
            onChange={(e) => setName(e.target.value)}
            {...describedBy(`${id}-name-error`, errors.name)}
          />
          <FieldError id={`${id}-name-error`} text={errors.name} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-calendar`}>{t('sl.slas.calendar')}</label>
          <select
            id={`${id}-calendar`}
            value={calendarId}
            disabled={managed}
            onChange={(e) => setCalendarId(e.target.value)}
            {...describedBy(`${id}-calendar-error`, errors.calendar_id)}
          >
            {!calendarId && <option value="">{t('sl.none')}</option>}
            {calendars.map((c) => (
              <option key={c.id} value={String(c.id)}>
                {c.name}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-calendar-error`} text={errors.calendar_id} />
        </div>
      </div>
      <fieldset {...describedBy(`${id}-times-error`, errors.times, `${id}-times-hint`)}>
        <legend>{t('sl.slas.times')}</legend>
        <p id={`${id}-times-hint`} className="field-hint">
          {t('sl.slas.minutesHint')}
        </p>
        <div className="sl-row">
          {TIMES.map((f) => (
            <div key={f} className="field">
              <label htmlFor={`${id}-${f}`}>{t(TIME_LABEL[f])}</label>
              <input
                id={`${id}-${f}`}
                inputMode="numeric"
                value={times[f]}
                onChange={(e) => setTimes({ ...times, [f]: e.target.value })}
                {...describedBy(`${id}-${f}-error`, errors[f])}
              />
              <FieldError id={`${id}-${f}-error`} text={errors[f]} />
            </div>
          ))}
        </div>
        <FieldError id={`${id}-times-error`} text={errors.times} />
      </fieldset>
      {managed ? (
        <fieldset>
          <legend>{t('conditionEditor.conditions')}</legend>
          <p>{t('sl.slas.qosCondition', { level, priority })}</p>
        </fieldset>
      ) : (
        <ConditionEditor
          rows={rows}
          onChange={setRows}
          options={options}
          errors={rowErrors}
          hint={t('sl.slas.conditionHint')}
          empty={t('sl.slas.noConditions')}
        />
      )}
      <FieldError id={`${id}-condition-error`} text={errors.condition} />
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? t('sl.saving') : t('sl.save')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('sl.cancel')}
        </button>
      </div>
    </form>
  );
}
