import { useSignOut } from '../api/sign-out';

export function SignOutButton({ onSignedOut }: { onSignedOut: () => void | Promise<void> }) {
  const signOut = useSignOut(onSignedOut);
  return (
    <>
      <button
        type="button"
        className="button button--secondary"
        onClick={() => signOut.mutate()}
        disabled={signOut.isPending}
      >
        Sign out
      </button>
      {signOut.isError && (
        <span role="alert" className="inline-error">
          Signing out failed. Try again.
        </span>
      )}
    </>
  );
}
