import type { ReactNode } from 'react';

type ComposeFooterProps = {
  /** Why the last submit did not go through, if it did not. */
  error: string | null;
  errorId: string;
  /** Where the draft is kept. */
  hint: string;
  busy: boolean;
  submitLabel: string;
  busyLabel: string;
  /** After the button (a live status). */
  children?: ReactNode;
};

/** The foot of the portal's writing forms (new ticket, reply): the error, the draft hint, submit. */
export function ComposeFooter({
  error,
  errorId,
  hint,
  busy,
  submitLabel,
  busyLabel,
  children,
}: ComposeFooterProps) {
  return (
    <>
      {error && (
        <p id={errorId} className="inline-error" role="alert">
          {error}
        </p>
      )}
      <p className="hint">{hint}</p>
      <div className="form__actions">
        <button type="submit" className="button" disabled={busy}>
          {busy ? busyLabel : submitLabel}
        </button>
        {children}
      </div>
    </>
  );
}
