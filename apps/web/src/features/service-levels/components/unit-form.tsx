import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type QosLevel, type SupportUnit, useSaveUnit } from '../api/units';
import { describedBy, FieldError } from './admin-frame';

export const QOS_LEVELS: readonly QosLevel[] = ['base', 'medium', 'advanced'];
const LINES = [1, 2, 3] as const;
// What the BFF accepts too: something@somewhere.tld, nothing else.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

type UnitFormProps = {
  unit: SupportUnit;
  onSaved: (saved: SupportUnit) => void;
  onCancel: () => void;
};

/** Marks a group as a unit, sets its level, line, mailing list and guide. A refused save keeps the input. */
export function UnitForm({ unit, onSaved, onCancel }: UnitFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const save = useSaveUnit();
  const [isUnit, setIsUnit] = useState(unit.support_unit);
  const [level, setLevel] = useState<QosLevel>(unit.qos_level ?? 'base');
  const [line, setLine] = useState(unit.support_line ? String(unit.support_line) : '');
  const [mailingList, setMailingList] = useState(unit.mailing_list ?? '');
  const [guide, setGuide] = useState(unit.assignment_guide ?? '');
  const [emailError, setEmailError] = useState<string>();
  const [formError, setFormError] = useState('');

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const email = mailingList.trim();
    if (email && !EMAIL.test(email)) {
      setEmailError(t('sl.units.badEmail'));
      setFormError(t('sl.fixErrors'));
      return;
    }
    setEmailError(undefined);
    setFormError('');
    save.mutate(
      {
        id: unit.id,
        input: {
          support_unit: isUnit,
          ...(isUnit ? { qos_level: level } : {}),
          ...(isUnit && line ? { support_line: Number(line) } : {}),
          mailing_list: email,
          assignment_guide: guide.trim() || null,
        },
      },
      {
        onSuccess: onSaved,
        onError: (error) => {
          if (/mailing/i.test(error.message)) setEmailError(error.message);
          setFormError(error.message);
        },
      },
    );
  };

  return (
    <form className="sl-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('sl.units.editTitle', { name: unit.name })}</h2>
      {formError && (
        <p role="alert" className="form-error">
          {formError}
        </p>
      )}
      <label>
        <input type="checkbox" checked={isUnit} onChange={(e) => setIsUnit(e.target.checked)} />
        {t('sl.units.isUnit')}
      </label>
      <div className="sl-row">
        <div className="field">
          <label htmlFor={`${id}-level`}>{t('sl.units.level')}</label>
          <select
            id={`${id}-level`}
            value={level}
            disabled={!isUnit}
            onChange={(e) => setLevel(e.target.value as QosLevel)}
            aria-describedby={`${id}-level-hint`}
          >
            {QOS_LEVELS.map((l) => (
              <option key={l} value={l}>
                {t(`lines.level.${l}`)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-line`}>{t('sl.units.line')}</label>
          <select id={`${id}-line`} value={line} disabled={!isUnit} onChange={(e) => setLine(e.target.value)}>
            {/* The desk keeps a line once set: "none" only for a unit that never had one. */}
            {!unit.support_line && <option value="">{t('sl.units.noLine')}</option>}
            {LINES.map((n) => (
              <option key={n} value={String(n)}>
                {t(`lines.ordinal.${n}`)}
              </option>
            ))}
          </select>
        </div>
      </div>
      <p id={`${id}-level-hint`} className="field-hint">
        {t('sl.units.levelHint')}
      </p>
      <div className="field">
        <label htmlFor={`${id}-mail`}>{t('sl.units.mailingList')}</label>
        <input
          id={`${id}-mail`}
          type="email"
          autoComplete="off"
          value={mailingList}
          maxLength={255}
          onChange={(e) => setMailingList(e.target.value)}
          {...describedBy(`${id}-mail-error`, emailError, `${id}-mail-hint`)}
        />
        <p id={`${id}-mail-hint`} className="field-hint">
          {t('sl.units.mailingListHint')}
        </p>
        <FieldError id={`${id}-mail-error`} text={emailError} />
      </div>
      <div className="field">
        <label htmlFor={`${id}-guide`}>{t('sl.units.guide')}</label>
        <textarea
          id={`${id}-guide`}
          value={guide}
          maxLength={5000}
          onChange={(e) => setGuide(e.target.value)}
          aria-describedby={`${id}-guide-hint`}
        />
        <p id={`${id}-guide-hint`} className="field-hint">
          {t('sl.units.guideHint')}
        </p>
      </div>
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
