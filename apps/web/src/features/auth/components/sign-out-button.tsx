import { useTranslation } from 'react-i18next';
import { useSignOut } from '../api/sign-out';
import '../strings';

export function SignOutButton({ onSignedOut }: { onSignedOut: () => void | Promise<void> }) {
  const { t } = useTranslation();
  const signOut = useSignOut(onSignedOut);
  return (
    <>
      <button
        type="button"
        className="button button--secondary"
        onClick={() => signOut.mutate()}
        disabled={signOut.isPending}
      >
        {t('auth.signOut')}
      </button>
      {signOut.isError && (
        <span role="alert" className="inline-error">
          {t('auth.signOutFailed')}
        </span>
      )}
    </>
  );
}
