import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto';

/** What the session cookie carries: who is signed in, and when the session goes idle. */
export interface SessionData {
  uid: number;
  login: string;
  firstname: string;
  lastname: string;
  email: string;
  roles: string[];
  is_agent: boolean;
  is_admin: boolean;
  /**
   * The person's session epoch at the upstream when they signed in (EOSC extension); the
   * session ends when the upstream's moves on. Absent where the upstream has no epochs.
   */
  sep?: number;
  /**
   * Reports the person may see, asked of the helpdesk at sign-in (`GET /eosc_reports/scope`):
   * every unit, their own units, or none. Absent when the helpdesk could not say yet.
   */
  rep?: 'all' | 'units' | null;
  /** Issued at (the absolute lifetime counts from it), and idle expiry (seconds since the epoch). */
  iat: number;
  exp: number;
}

/**
 * Seals session data with AES-256-GCM: encrypted (nothing readable in the browser) and
 * authenticated (any change to the cookie makes it invalid).
 */
export class SessionSealer {
  private readonly key: Buffer;
  constructor(secret: string) {
    this.key = Buffer.from(hkdfSync('sha256', secret, 'eosc-helpdesk', 'session-cookie-v1', 32));
  }

  seal(data: SessionData): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(JSON.stringify(data), 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url');
  }

  /** The data, or undefined when the cookie is tampered with, malformed or expired. */
  open(value: string, nowSeconds = Math.floor(Date.now() / 1000)): SessionData | undefined {
    try {
      const raw = Buffer.from(value, 'base64url');
      if (raw.length < 29) return undefined;
      const decipher = createDecipheriv('aes-256-gcm', this.key, raw.subarray(0, 12));
      decipher.setAuthTag(raw.subarray(12, 28));
      const json = Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
      const data = JSON.parse(json) as SessionData;
      if (typeof data.exp !== 'number' || data.exp < nowSeconds) return undefined;
      return data;
    } catch {
      return undefined;
    }
  }
}
