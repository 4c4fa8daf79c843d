// The API client raises this when the BFF answers 401 to a signed-in call; the app shell
// listens once and sends the person back to the sign-in page.
const target = new EventTarget();
const SESSION_EXPIRED = 'session-expired';

export function emitSessionExpired(): void {
  target.dispatchEvent(new Event(SESSION_EXPIRED));
}

/** Subscribes to session expiry; returns the unsubscribe function. */
export function onSessionExpired(listener: () => void): () => void {
  target.addEventListener(SESSION_EXPIRED, listener);
  return () => target.removeEventListener(SESSION_EXPIRED, listener);
}
