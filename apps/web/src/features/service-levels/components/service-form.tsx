import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { type AdminService, type Integration, useSaveService } from '../api/services';
import { describedBy, FieldError } from './admin-frame';
import '../service-strings';

const MODES: readonly Integration[] = ['direct', 'redirect', 'sync'];
// What the helpdesk accepts: something@somewhere.tld.
const EMAIL = /^[^\s@<>,;"]+@[^\s@<>,;"]+\.[^\s@<>,;"]+$/;

type ServiceFormProps = {
  service: AdminService;
  onSaved: (saved: AdminService) => void;
  onCancel: () => void;
};

/** A service's provider, community, integration mode and mailing list. A refused save keeps the input. */
export function ServiceForm({ service, onSaved, onCancel }: ServiceFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const save = useSaveService();
  const [provider, setProvider] = useState(service.provider);
  const [community, setCommunity] = useState(service.community);
  const [mode, setMode] = useState<Integration>(service.integration);
  const [list, setList] = useState(service.mailing_list ?? '');
  const [active, setActive] = useState(service.active);
  const [listError, setListError] = useState<string>();
  const [formError, setFormError] = useState('');

  const submit = (e: React.FormEvent) => {
    e.preventDefault();
    const email = list.trim();
    const problem =
      mode === 'redirect' && !email
        ? t('sl.services.needList')
        : email && !EMAIL.test(email)
          ? t('sl.services.badEmail')
          : undefined;
    setListError(problem);
    if (problem) {
      setFormError(t('sl.fixErrors'));
      return;
    }
    setFormError('');
    save.mutate(
      {
        id: service.id,
        input: {
          provider: provider.trim(),
          community: community.trim(),
          integration: mode,
          mailing_list: email || null,
          active,
        },
      },
      {
        onSuccess: onSaved,
        onError: (error) => {
          if (/mailing/i.test(error.message)) setListError(error.message);
          setFormError(error.message);
        },
      },
    );
  };

  return (
    <form className="sl-form" onSubmit={submit} noValidate aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{t('sl.services.editTitle', { name: service.name })}</h2>
      {formError && (
        <p role="alert" className="form-error">
          {formError}
        </p>
      )}
      <div className="sl-row">
        <div className="field">
          <label htmlFor={`${id}-provider`}>{t('sl.services.provider')}</label>
          <input
            id={`${id}-provider`}
            value={provider}
            maxLength={150}
            onChange={(e) => setProvider(e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={`${id}-community`}>{t('sl.services.community')}</label>
          <input
            id={`${id}-community`}
            value={community}
            maxLength={150}
            onChange={(e) => setCommunity(e.target.value)}
          />
        </div>
      </div>
      <fieldset className="field fieldset">
        <legend>{t('sl.services.integration')}</legend>
        {MODES.map((m) => (
          <div key={m}>
            <label className="choice">
              <input
                type="radio"
                name={`${id}-mode`}
                value={m}
                checked={mode === m}
                onChange={() => setMode(m)}
                aria-describedby={`${id}-mode-${m}`}
              />
              {t(`sl.services.mode.${m}`)}
            </label>
            <p id={`${id}-mode-${m}`} className="field-hint">
              {t(`sl.services.modeHint.${m}`)}
            </p>
          </div>
        ))}
      </fieldset>
      <div className="field">
        <label htmlFor={`${id}-list`}>{t('sl.services.mailingList')}</label>
        <input
          id={`${id}-list`}
          type="email"
          autoComplete="off"
          value={list}
          maxLength={255}
          required={mode === 'redirect'}
          onChange={(e) => setList(e.target.value)}
          {...describedBy(`${id}-list-error`, listError, `${id}-list-hint`)}
        />
        <p id={`${id}-list-hint`} className="field-hint">
          {t('sl.services.mailingListHint')}
        </p>
        <FieldError id={`${id}-list-error`} text={listError} />
      </div>
      <label>
        <input type="checkbox" checked={active} onChange={(e) => setActive(e.target.checked)} />
        {t('sl.services.isActive')}
      </label>
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
