import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ConditionEditor, type ConditionOptions } from '@/components/condition-editor/condition-editor';
import {
  type ConditionRow,
  conditionOf,
  type RowError,
  rowsOf,
} from '@/components/condition-editor/condition-model';
import { type Trigger, useSaveTrigger } from '../api/triggers';
import { describedBy, FieldError } from './admin-frame';
import { PerformEditor } from './perform-editor';
import { type PerformError, performOf, performState } from './perform-model';
import { TRIGGER_ATTRIBUTES } from './trigger-conditions';
import { TriggerPreview } from './trigger-preview';

type TriggerFormProps = {
  trigger: Trigger | null;
  options: ConditionOptions;
  webhooks: { value: string; label: string }[];
  onSaved: (saved: Trigger) => void;
  onCancel: () => void;
};

/** Create or edit a trigger: conditions (with a live preview), when it runs, and its actions. */
export function TriggerForm({ trigger, options, webhooks, onSaved, onCancel }: TriggerFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const save = useSaveTrigger();
  const [name, setName] = useState(trigger?.name ?? '');
  const [active, setActive] = useState(trigger?.active ?? true);
  const [note, setNote] = useState(trigger?.note ?? '');
  const [mode, setMode] = useState(trigger?.execution_condition_mode ?? 'selective');
  const [rows, setRows] = useState<ConditionRow[]>(() =>
    rowsOf(trigger?.condition ?? {}, TRIGGER_ATTRIBUTES),
  );
  const [perform, setPerform] = useState(() => performState(trigger?.perform));
  const [nameError, setNameError] = useState('');
  const [rowErrors, setRowErrors] = useState<RowError[]>([]);
  const [performErrors, setPerformErrors] = useState<PerformError[]>([]);
  const [formError, setFormError] = useState('');
  // The preview follows the conditions as long as they are complete.
  const live = useMemo(() => {
    const { condition, errors } = conditionOf(rows, TRIGGER_ATTRIBUTES);
    return errors.length === 0 ? condition : null;
  }, [rows]);

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const { condition, errors } = conditionOf(rows, TRIGGER_ATTRIBUTES);
    const actions = performOf(perform);
    const missingName = name.trim() ? '' : t('trg.triggers.needName');
    setNameError(missingName);
    setRowErrors(errors);
    setPerformErrors(actions.errors);
    if (missingName || errors.length > 0 || actions.errors.length > 0) {
      setFormError(t('trg.fixErrors'));
      return;
    }
    setFormError('');
    save.mutate(
      {
        id: trigger?.id ?? null,
        input: {
          name: name.trim(),
          active,
          note: note.trim() || null,
          execution_condition_mode: mode,
          condition,
          perform: actions.perform,
        },
      },
      { onSuccess: onSaved, onError: (error) => setFormError(error.message) },
    );
  };

  return (
    <form className="trg-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {trigger ? t('trg.triggers.editTitle', { name: trigger.name }) : t('trg.triggers.newTitle')}
      </h2>
      {formError && (
        <p role="alert" className="form-error">
          {formError}
        </p>
      )}
      <div className="trg-row">
        <div className="field">
          <label htmlFor={`${id}-name`}>{t('trg.name')}</label>
          <input
            id={`${id}-name`}
            value={name}
            maxLength={250}
            required
            onChange={(e) => setName(e.target.value)}
            {...describedBy(`${id}-name-error`, nameError || undefined)}
          />
          <FieldError id={`${id}-name-error`} text={nameError || undefined} />
        </div>
        <label>
          <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
          {t('trg.active')}
        </label>
      </div>
      <ConditionEditor
        rows={rows}
        onChange={setRows}
        options={options}
        errors={rowErrors}
        attributes={TRIGGER_ATTRIBUTES}
        hint={t('trg.triggers.conditionHint')}
        empty={t('trg.triggers.noConditions')}
      />
      <TriggerPreview condition={live} />
      <div className="field">
        <label htmlFor={`${id}-mode`}>{t('trg.triggers.mode')}</label>
        <select id={`${id}-mode`} value={mode} onChange={(e) => setMode(e.target.value as typeof mode)}>
          <option value="selective">{t('trg.triggers.modeSelective')}</option>
          <option value="always">{t('trg.triggers.modeAlways')}</option>
        </select>
      </div>
      <PerformEditor
        value={perform}
        onChange={setPerform}
        options={options}
        webhooks={webhooks}
        errors={performErrors}
      />
      {trigger && trigger.other_actions.length > 0 && (
        <p>{t('trg.triggers.otherActions', { names: trigger.other_actions.join(', ') })}</p>
      )}
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('trg.note')}</label>
        <textarea id={`${id}-note`} value={note} maxLength={5000} onChange={(e) => setNote(e.target.value)} />
      </div>
      <div className="form-actions">
        <button type="submit" className="button button--primary" disabled={save.isPending}>
          {save.isPending ? t('trg.saving') : t('trg.save')}
        </button>
        <button type="button" className="button button--secondary" onClick={onCancel}>
          {t('trg.cancel')}
        </button>
      </div>
    </form>
  );
}
