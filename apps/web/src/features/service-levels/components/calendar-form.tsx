import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  type BusinessHours,
  type Calendar,
  defaultHours,
  type Holidays,
  type Timezone,
  useSaveCalendar,
  WEEKDAYS,
  type Weekday,
} from '../api/calendars';
import { describedBy, FieldError } from './admin-frame';
import { cleanHours, hoursErrors, offsetText } from './calendar-hours';

type Field = 'name' | 'timezone' | 'hours' | 'holiday';
type Holiday = { date: string; summary: string; active: boolean };

type CalendarFormProps = {
  calendar: Calendar | null;
  timezones: Timezone[];
  onSaved: (saved: Calendar) => void;
  onCancel: () => void;
};

/** Create or edit a calendar: name, time zone, hours per weekday, public holidays, default. */
export function CalendarForm({ calendar, timezones, onSaved, onCancel }: CalendarFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const save = useSaveCalendar();
  const [name, setName] = useState(calendar?.name ?? '');
  const [timezone, setTimezone] = useState(calendar?.timezone ?? 'Europe/Brussels');
  const [isDefault, setIsDefault] = useState(calendar?.default ?? false);
  const [hours, setHours] = useState<BusinessHours>(calendar?.business_hours ?? defaultHours());
  const [holidays, setHolidays] = useState<Holiday[]>(() =>
    Object.entries(calendar?.public_holidays ?? {})
      .map(([date, h]) => ({ date, ...h }))
      .sort((a, b) => a.date.localeCompare(b.date)),
  );
  const [newDate, setNewDate] = useState('');
  const [newSummary, setNewSummary] = useState('');
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [dayErrors, setDayErrors] = useState<Partial<Record<Weekday, string>>>({});
  const [formError, setFormError] = useState('');

  const setDay = (d: Weekday, patch: Partial<BusinessHours[Weekday]>) =>
    setHours({ ...hours, [d]: { ...hours[d], ...patch } });
  const setFrame = (d: Weekday, i: number, at: 0 | 1, value: string) =>
    setDay(d, {
      timeframes: hours[d].timeframes.map((f, j) =>
        j === i ? (at === 0 ? [value, f[1] ?? ''] : [f[0] ?? '', value]) : f,
      ),
    });

  const addHoliday = () => {
    if (!newDate) return setErrors({ ...errors, holiday: t('sl.calendars.needDate') });
    if (holidays.some((h) => h.date === newDate))
      return setErrors({ ...errors, holiday: t('sl.calendars.sameDate') });
    setHolidays(
      [...holidays, { date: newDate, summary: newSummary.trim(), active: true }].sort((a, b) =>
        a.date.localeCompare(b.date),
      ),
    );
    setNewDate('');
    setNewSummary('');
    setErrors({ ...errors, holiday: undefined });
  };

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Partial<Record<Field, string>> = {};
    if (!name.trim()) errs.name = t('sl.calendars.needName');
    if (!timezone) errs.timezone = t('sl.calendars.needZone');
    const checked = hoursErrors(hours);
    if (checked.noWorkingDay) errs.hours = t('sl.calendars.needHours');
    const days = Object.fromEntries(
      Object.entries(checked.days).map(([d, k]) => [d, t(`sl.calendars.${k}`)]),
    ) as Partial<Record<Weekday, string>>;
    setErrors(errs);
    setDayErrors(days);
    if (Object.keys(errs).length > 0 || Object.keys(days).length > 0) {
      setFormError(t('sl.fixErrors'));
      return;
    }
    setFormError('');
    const public_holidays: Holidays = Object.fromEntries(
      holidays.map((h) => [h.date, { active: h.active, summary: h.summary }]),
    );
    save.mutate(
      {
        id: calendar?.id ?? null,
        input: {
          name: name.trim(),
          timezone,
          business_hours: cleanHours(hours),
          public_holidays,
          default: isDefault,
        },
      },
      {
        onSuccess: onSaved,
        onError: (error) => {
          // The desk's words, beside the field they are about when they name one.
          if (/^name/i.test(error.message)) setErrors({ name: error.message });
          else if (/zone/i.test(error.message)) setErrors({ timezone: error.message });
          else if (/hours|time frame|working day/i.test(error.message)) setErrors({ hours: error.message });
          setFormError(error.message);
        },
      },
    );
  };

  const zones = timezones.some((z) => z.name === timezone)
    ? timezones
    : [{ name: timezone, offset: 0 }, ...timezones];

  return (
    <form className="sl-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {calendar ? t('sl.calendars.editTitle', { name: calendar.name }) : t('sl.calendars.newTitle')}
      </h2>
      {formError && (
        <p role="alert" className="form-error">
          {formError}
        </p>
      )}
      <div className="sl-row">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('sl.calendars.name')}</label>
          <input
            id={`${id}-name`}
            value={name}
            maxLength={250}
            required
            onChange={(e) => setName(e.target.value)}
            {...describedBy(`${id}-name-error`, errors.name)}
          />
          <FieldError id={`${id}-name-error`} text={errors.name} />
        </div>
        <div className="field">
          <label htmlFor={`${id}-zone`}>{t('sl.calendars.timezone')}</label>
          <select
            id={`${id}-zone`}
            value={timezone}
            onChange={(e) => setTimezone(e.target.value)}
            {...describedBy(`${id}-zone-error`, errors.timezone)}
          >
            {zones.map((z) => (
              <option key={z.name} value={z.name}>
                {t('sl.calendars.zoneOption', { name: z.name, offset: offsetText(z.offset) })}
              </option>
            ))}
          </select>
          <FieldError id={`${id}-zone-error`} text={errors.timezone} />
        </div>
      </div>
      <label>
        <input type="checkbox" checked={isDefault} onChange={(e) => setIsDefault(e.target.checked)} />
        {t('sl.calendars.isDefault')}
      </label>
      <fieldset {...describedBy(`${id}-hours-error`, errors.hours)}>
        <legend>{t('sl.calendars.hours')}</legend>
        <FieldError id={`${id}-hours-error`} text={errors.hours} />
        {WEEKDAYS.map((d) => {
          const day = hours[d];
          const dayName = t(`sl.calendars.day.${d}`);
          const errorId = `${id}-${d}-error`;
          return (
            // biome-ignore lint/a11y/useSemanticElements: one day inside the business-hours fieldset
            <div key={d} className="sl-day" role="group" aria-labelledby={`${id}-${d}-name`}>
              <label>
                <input
                  type="checkbox"
                  checked={day.active}
                  onChange={(e) =>
                    setDay(d, {
                      active: e.target.checked,
                      timeframes:
                        e.target.checked && day.timeframes.length === 0
                          ? [['09:00', '17:00']]
                          : day.timeframes,
                    })
                  }
                  aria-describedby={dayErrors[d] ? errorId : undefined}
                />
                <strong id={`${id}-${d}-name`}>{dayName}</strong>
                {!day.active && <span className="field-hint"> ({t('sl.calendars.closed')})</span>}
              </label>
              {day.active &&
                day.timeframes.map((frame, i) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: frames have no identity but their place
                  <div key={i} className="sl-day__frame">
                    <label>
                      <span className="visually-hidden">
                        {t('sl.calendars.frameLabel', { day: dayName, n: i + 1 })}{' '}
                      </span>
                      {t('sl.calendars.from')}
                      <input
                        type="time"
                        value={frame[0] ?? ''}
                        onChange={(e) => setFrame(d, i, 0, e.target.value)}
                        aria-invalid={dayErrors[d] ? true : undefined}
                      />
                    </label>
                    <label>
                      <span className="visually-hidden">
                        {t('sl.calendars.frameLabel', { day: dayName, n: i + 1 })}{' '}
                      </span>
                      {t('sl.calendars.to')}
                      <input
                        type="time"
                        value={frame[1] ?? ''}
                        onChange={(e) => setFrame(d, i, 1, e.target.value)}
                        aria-invalid={dayErrors[d] ? true : undefined}
                      />
                    </label>
                    <button
                      type="button"
                      className="button button--secondary button--small"
                      aria-label={t('sl.calendars.removeFrame', { n: i + 1, day: dayName })}
                      onClick={() => setDay(d, { timeframes: day.timeframes.filter((_, j) => j !== i) })}
                    >
                      ✕
                    </button>
                  </div>
                ))}
              {day.active && (
                <p>
                  <button
                    type="button"
                    className="button button--secondary button--small"
                    aria-label={t('sl.calendars.addFrameOn', { day: dayName })}
                    onClick={() => setDay(d, { timeframes: [...day.timeframes, ['13:00', '17:00']] })}
                  >
                    {t('sl.calendars.addFrame')}
                  </button>
                </p>
              )}
              <FieldError id={errorId} text={dayErrors[d]} />
            </div>
          );
        })}
      </fieldset>
      <fieldset>
        <legend>{t('sl.calendars.holidays')}</legend>
        {holidays.length === 0 ? (
          <p>{t('sl.calendars.noHolidays')}</p>
        ) : (
          <ul className="sl-holidays">
            {holidays.map((h) => (
              <li key={h.date}>
                <span>
                  <time dateTime={h.date}>{h.date}</time> {h.summary}
                </span>
                <button
                  type="button"
                  className="button button--secondary button--small"
                  aria-label={t('sl.calendars.removeHoliday', { date: h.date, summary: h.summary })}
                  onClick={() => setHolidays(holidays.filter((x) => x.date !== h.date))}
                >
                  ✕
                </button>
              </li>
            ))}
          </ul>
        )}
        <div className="sl-row">
          <div className="field">
            <label htmlFor={`${id}-hdate`}>{t('sl.calendars.holidayDate')}</label>
            <input
              id={`${id}-hdate`}
              type="date"
              value={newDate}
              onChange={(e) => setNewDate(e.target.value)}
              {...describedBy(`${id}-holiday-error`, errors.holiday)}
            />
          </div>
          <div className="field">
            <label htmlFor={`${id}-hsummary`}>{t('sl.calendars.holidaySummary')}</label>
            <input
              id={`${id}-hsummary`}
              value={newSummary}
              maxLength={250}
              onChange={(e) => setNewSummary(e.target.value)}
            />
          </div>
          <button type="button" className="button button--secondary" onClick={addHoliday}>
            {t('sl.calendars.addHoliday')}
          </button>
        </div>
        <FieldError id={`${id}-holiday-error`} text={errors.holiday} />
      </fieldset>
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
