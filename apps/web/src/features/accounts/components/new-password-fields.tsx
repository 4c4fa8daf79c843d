import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { MIN_LENGTH, PASSWORD_RULES } from './password-rules';
import '../strings';
import '../accounts.css';

type Props = {
  label: string;
  password: string;
  confirm: string;
  onPassword: (value: string) => void;
  onConfirm: (value: string) => void;
  /** Shown once the person tried to submit. */
  passwordError?: string | undefined;
  confirmError?: string | undefined;
};

/** A new password with its requirements checked while typing, and a confirmation field. */
export function NewPasswordFields({
  label,
  password,
  confirm,
  onPassword,
  onConfirm,
  passwordError,
  confirmError,
}: Props) {
  const { t } = useTranslation();
  const id = useId();
  const rulesId = `${id}-rules`;
  return (
    <>
      <div className="field">
        <label htmlFor={`${id}-password`}>{label}</label>
        <input
          id={`${id}-password`}
          name="password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={(e) => onPassword(e.target.value)}
          aria-invalid={passwordError ? true : undefined}
          aria-describedby={passwordError ? `${id}-password-error ${rulesId}` : rulesId}
          required
        />
        {passwordError && (
          <p id={`${id}-password-error`} className="inline-error">
            {passwordError}
          </p>
        )}
        <div id={rulesId} className="accounts-rules">
          <p className="hint">{t('accounts.rulesTitle')}</p>
          <ul>
            {PASSWORD_RULES.map((rule) => {
              const met = rule.test(password);
              return (
                <li key={rule.key} className={met ? 'accounts-rule accounts-rule--met' : 'accounts-rule'}>
                  <span aria-hidden="true">{met ? '✓' : '○'}</span>{' '}
                  {t(`accounts.${rule.key}`, { count: MIN_LENGTH })}
                  <span className="visually-hidden">
                    {' '}
                    ({met ? t('accounts.ruleMet') : t('accounts.ruleUnmet')})
                  </span>
                </li>
              );
            })}
          </ul>
        </div>
      </div>
      <div className="field">
        <label htmlFor={`${id}-confirm`}>{t('accounts.confirmPassword')}</label>
        <input
          id={`${id}-confirm`}
          name="confirm"
          type="password"
          autoComplete="new-password"
          value={confirm}
          onChange={(e) => onConfirm(e.target.value)}
          aria-invalid={confirmError ? true : undefined}
          aria-describedby={confirmError ? `${id}-confirm-error` : undefined}
          required
        />
        {confirmError && (
          <p id={`${id}-confirm-error`} className="inline-error">
            {confirmError}
          </p>
        )}
      </div>
    </>
  );
}
