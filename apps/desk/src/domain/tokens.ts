import { createHash, randomBytes } from 'node:crypto';

/** A new personal access token: shown once, stored only as its SHA-256. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

// Tokens carry 256 bits of randomness, so a fast hash is enough (no dictionary to guard against).
export function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
