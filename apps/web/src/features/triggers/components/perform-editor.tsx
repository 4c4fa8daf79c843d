import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ConditionOptions, Option } from '@/components/condition-editor/condition-editor';
import type { PerformError, PerformState } from './perform-model';

const RECIPIENTS = ['ticket_customer', 'ticket_owner', 'ticket_agents', 'article_last_sender'] as const;

type PerformEditorProps = {
  value: PerformState;
  onChange: (next: PerformState) => void;
  options: ConditionOptions;
  webhooks: Option[];
  errors: PerformError[];
};

/** A trigger's actions: ticket attributes, tags, an e-mail from a template, a webhook. */
export function PerformEditor({ value, onChange, options, webhooks, errors }: PerformEditorProps) {
  const { t } = useTranslation();
  const id = useId();
  const set = (patch: Partial<PerformState>) => onChange({ ...value, ...patch });
  const has = (e: PerformError) => errors.includes(e);
  const select = (key: 'state' | 'priority' | 'group', label: string, list: Option[]) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <select id={`${id}-${key}`} value={value[key]} onChange={(e) => set({ [key]: e.target.value })}>
        <option value="">{t('trg.triggers.unchanged')}</option>
        {list.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </div>
  );

  return (
    <fieldset aria-describedby={has('needAction') ? `${id}-need` : undefined}>
      <legend>{t('trg.triggers.performLegend')}</legend>
      {has('needAction') && (
        <p id={`${id}-need`} className="form-error">
          {t('trg.triggers.needAction')}
        </p>
      )}
      <div className="trg-row">
        {select('state', t('trg.triggers.setState'), options.states)}
        {select('priority', t('trg.triggers.setPriority'), options.priorities)}
        {select('group', t('trg.triggers.setGroup'), options.groups)}
        <div className="field">
          <label htmlFor={`${id}-owner`}>{t('trg.triggers.setOwner')}</label>
          <select id={`${id}-owner`} value={value.owner} onChange={(e) => set({ owner: e.target.value })}>
            <option value="">{t('trg.triggers.unchanged')}</option>
            <option value="not_set">{t('trg.triggers.ownerNobody')}</option>
            {options.agents.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <div className="trg-row">
        <div className="field">
          <label htmlFor={`${id}-tags-op`}>{t('trg.triggers.tags')}</label>
          <select
            id={`${id}-tags-op`}
            value={value.tagsOp}
            onChange={(e) => set({ tagsOp: e.target.value as PerformState['tagsOp'] })}
          >
            <option value="add">{t('trg.triggers.tagsAdd')}</option>
            <option value="remove">{t('trg.triggers.tagsRemove')}</option>
          </select>
        </div>
        <div className="field">
          <label htmlFor={`${id}-tags`}>
            {value.tagsOp === 'add' ? t('trg.triggers.tagsAdd') : t('trg.triggers.tagsRemove')}
          </label>
          <input
            id={`${id}-tags`}
            value={value.tags}
            onChange={(e) => set({ tags: e.target.value })}
            aria-describedby={`${id}-tags-hint`}
          />
          <p id={`${id}-tags-hint`} className="field-hint">
            {t('trg.triggers.tagsHint')}
          </p>
        </div>
        <div className="field">
          <label htmlFor={`${id}-webhook`}>{t('trg.triggers.webhook')}</label>
          <select
            id={`${id}-webhook`}
            value={value.webhook}
            onChange={(e) => set({ webhook: e.target.value })}
          >
            <option value="">{t('trg.triggers.noWebhook')}</option>
            {webhooks.map((o) => (
              <option key={o.value} value={o.value}>
                {o.label}
              </option>
            ))}
          </select>
        </div>
      </div>
      <label>
        <input type="checkbox" checked={value.email} onChange={(e) => set({ email: e.target.checked })} />
        {t('trg.triggers.email')}
      </label>
      {value.email && (
        <>
          <fieldset aria-describedby={has('needRecipient') ? `${id}-rcpt-error` : undefined}>
            <legend>{t('trg.triggers.recipients')}</legend>
            {RECIPIENTS.map((r) => (
              <label key={r}>
                <input
                  type="checkbox"
                  checked={value.recipients.includes(r)}
                  onChange={(e) =>
                    set({
                      recipients: e.target.checked
                        ? [...value.recipients, r]
                        : value.recipients.filter((x) => x !== r),
                    })
                  }
                />
                {t(`trg.triggers.recipient.${r}`)}
              </label>
            ))}
            {has('needRecipient') && (
              <p id={`${id}-rcpt-error`} className="form-error">
                {t('trg.triggers.needRecipient')}
              </p>
            )}
          </fieldset>
          <div className="field">
            <label htmlFor={`${id}-subject`}>{t('trg.triggers.subject')}</label>
            <input
              id={`${id}-subject`}
              value={value.subject}
              maxLength={500}
              onChange={(e) => set({ subject: e.target.value })}
              aria-invalid={has('needSubject') || undefined}
              aria-describedby={has('needSubject') ? `${id}-subject-error` : undefined}
            />
            {has('needSubject') && (
              <p id={`${id}-subject-error`} className="form-error">
                {t('trg.triggers.needSubject')}
              </p>
            )}
          </div>
          <div className="field">
            <label htmlFor={`${id}-body`}>{t('trg.triggers.body')}</label>
            <textarea
              id={`${id}-body`}
              value={value.body}
              onChange={(e) => set({ body: e.target.value })}
              aria-invalid={has('needBody') || undefined}
              aria-describedby={[`${id}-body-hint`, has('needBody') ? `${id}-body-error` : '']
                .join(' ')
                .trim()}
            />
            <p id={`${id}-body-hint`} className="field-hint">
              {t('trg.triggers.bodyHint')}
            </p>
            {has('needBody') && (
              <p id={`${id}-body-error`} className="form-error">
                {t('trg.triggers.needBody')}
              </p>
            )}
          </div>
          <div className="trg-row">
            <label>
              <input
                type="checkbox"
                checked={value.internal}
                onChange={(e) => set({ internal: e.target.checked })}
              />
              {t('trg.triggers.internal')}
            </label>
            <div className="field">
              <label htmlFor={`${id}-pref`}>{t('trg.triggers.preferenceKey')}</label>
              <select
                id={`${id}-pref`}
                value={value.preferenceKey}
                onChange={(e) => set({ preferenceKey: e.target.value as PerformState['preferenceKey'] })}
              >
                <option value="">{t('trg.triggers.preferenceNone')}</option>
                <option value="reply">{t('trg.triggers.preferenceReply')}</option>
                <option value="state">{t('trg.triggers.preferenceState')}</option>
              </select>
            </div>
          </div>
        </>
      )}
    </fieldset>
  );
}
