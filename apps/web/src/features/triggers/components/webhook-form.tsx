import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSaveWebhook, type Webhook } from '../api/webhooks';
import { describedBy, FieldError } from './admin-frame';

type WebhookFormProps = {
  webhook: Webhook | null;
  onSaved: (saved: Webhook) => void;
  onCancel: () => void;
};

type Field = 'name' | 'endpoint';

/** Create or edit a webhook. Stored secrets come back masked; saving the mask keeps them. */
export function WebhookForm({ webhook, onSaved, onCancel }: WebhookFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const save = useSaveWebhook();
  const [v, setV] = useState({
    name: webhook?.name ?? '',
    endpoint: webhook?.endpoint ?? 'https://',
    active: webhook?.active ?? true,
    ssl_verify: webhook?.ssl_verify ?? true,
    signature_token: webhook?.signature_token ?? '',
    basic_auth_username: webhook?.basic_auth_username ?? '',
    basic_auth_password: webhook?.basic_auth_password ?? '',
    bearer_token: webhook?.bearer_token ?? '',
    customized_payload: webhook?.customized_payload ?? false,
    custom_payload: webhook?.custom_payload ?? '',
    note: webhook?.note ?? '',
  });
  const [errors, setErrors] = useState<Partial<Record<Field, string>>>({});
  const [formError, setFormError] = useState('');
  const set = (patch: Partial<typeof v>) => setV({ ...v, ...patch });
  const text = (
    key: 'signature_token' | 'basic_auth_username' | 'basic_auth_password' | 'bearer_token',
    label: string,
    hint?: string,
  ) => (
    <div className="field">
      <label htmlFor={`${id}-${key}`}>{label}</label>
      <input
        id={`${id}-${key}`}
        value={v[key]}
        autoComplete="off"
        onChange={(e) => set({ [key]: e.target.value })}
        aria-describedby={hint ? `${id}-${key}-hint` : undefined}
      />
      {hint && (
        <p id={`${id}-${key}-hint`} className="field-hint">
          {hint}
        </p>
      )}
    </div>
  );

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const errs: Partial<Record<Field, string>> = {};
    if (!v.name.trim()) errs.name = t('trg.webhooks.needName');
    if (!/^https?:\/\/[^\s/]+/i.test(v.endpoint.trim())) errs.endpoint = t('trg.webhooks.badEndpoint');
    setErrors(errs);
    if (Object.keys(errs).length > 0) {
      setFormError(t('trg.fixErrors'));
      return;
    }
    setFormError('');
    const orNull = (s: string) => (s.trim() ? s.trim() : null);
    save.mutate(
      {
        id: webhook?.id ?? null,
        input: {
          name: v.name.trim(),
          endpoint: v.endpoint.trim(),
          active: v.active,
          ssl_verify: v.ssl_verify,
          signature_token: orNull(v.signature_token),
          basic_auth_username: orNull(v.basic_auth_username),
          basic_auth_password: orNull(v.basic_auth_password),
          bearer_token: orNull(v.bearer_token),
          customized_payload: v.customized_payload,
          custom_payload: orNull(v.custom_payload),
          note: orNull(v.note),
        },
      },
      {
        onSuccess: onSaved,
        onError: (error) => {
          if (/endpoint/i.test(error.message)) setErrors({ endpoint: error.message });
          setFormError(error.message);
        },
      },
    );
  };

  return (
    <form className="trg-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>
        {webhook ? t('trg.webhooks.editTitle', { name: webhook.name }) : t('trg.webhooks.newTitle')}
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
            value={v.name}
            maxLength={250}
            onChange={(e) => set({ name: e.target.value })}
            {...describedBy(`${id}-name-error`, errors.name)}
          />
          <FieldError id={`${id}-name-error`} text={errors.name} />
        </div>
        <label>
          <input type="checkbox" checked={v.active} onChange={(e) => set({ active: e.target.checked })} />
          {t('trg.active')}
        </label>
      </div>
      <div className="field">
        <label htmlFor={`${id}-endpoint`}>{t('trg.webhooks.endpoint')}</label>
        <input
          id={`${id}-endpoint`}
          type="url"
          value={v.endpoint}
          onChange={(e) => set({ endpoint: e.target.value })}
          {...describedBy(`${id}-endpoint-error`, errors.endpoint, `${id}-endpoint-hint`)}
        />
        <p id={`${id}-endpoint-hint`} className="field-hint">
          {t('trg.webhooks.endpointHint')}
        </p>
        <FieldError id={`${id}-endpoint-error`} text={errors.endpoint} />
      </div>
      <label>
        <input
          type="checkbox"
          checked={v.ssl_verify}
          onChange={(e) => set({ ssl_verify: e.target.checked })}
        />
        {t('trg.webhooks.sslVerify')}
      </label>
      <div className="trg-row">
        {text(
          'signature_token',
          t('trg.webhooks.token'),
          webhook?.signature_token ? t('trg.webhooks.tokenHint') : undefined,
        )}
        {text('bearer_token', t('trg.webhooks.bearer'))}
      </div>
      <div className="trg-row">
        {text('basic_auth_username', t('trg.webhooks.basicUser'))}
        {text('basic_auth_password', t('trg.webhooks.basicPassword'))}
      </div>
      <label>
        <input
          type="checkbox"
          checked={v.customized_payload}
          onChange={(e) => set({ customized_payload: e.target.checked })}
        />
        {t('trg.webhooks.customized')}
      </label>
      {v.customized_payload && (
        <div className="field">
          <label htmlFor={`${id}-payload`}>{t('trg.webhooks.payload')}</label>
          <textarea
            id={`${id}-payload`}
            value={v.custom_payload}
            onChange={(e) => set({ custom_payload: e.target.value })}
          />
        </div>
      )}
      <div className="field">
        <label htmlFor={`${id}-note`}>{t('trg.note')}</label>
        <textarea
          id={`${id}-note`}
          value={v.note}
          maxLength={5000}
          onChange={(e) => set({ note: e.target.value })}
        />
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
