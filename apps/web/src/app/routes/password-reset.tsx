import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { NewPasswordForm } from '@/features/accounts/components/new-password-form';
import { ResetRequestForm } from '@/features/accounts/components/reset-request-form';
import '@/features/accounts/strings';
import { AuthLayout } from '@/features/auth/components/auth-layout';

export function PasswordResetRequestPage() {
  const { t } = useTranslation();
  return (
    <AuthLayout title={t('accounts.resetTitle')}>
      <ResetRequestForm />
    </AuthLayout>
  );
}

/** The target of the mailed reset link; afterwards the person signs in with the new password. */
export function PasswordResetPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { token = '' } = useParams();
  return (
    <AuthLayout title={t('accounts.newPasswordTitle')}>
      <NewPasswordForm
        token={token}
        onChanged={(login) =>
          void navigate('/login', { replace: true, state: { reason: 'password-changed', login } })
        }
      />
    </AuthLayout>
  );
}
