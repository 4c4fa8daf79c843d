import type { ZammadClient } from '@eosc/zammad-api';
import type { SessionData, SessionSealer } from './lib/session-cookie.ts';

export interface BffDeps {
  zammadUrl: string;
  zammadToken: string;
  sealer: SessionSealer;
  idleSeconds: number;
  upstreamTimeoutMs: number;
  allowedOrigins: string[];
  webDist?: string | undefined;
  /** For tests: the fetch used for upstream calls. */
  fetch?: (req: Request) => Promise<Response>;
}

export type BffEnv = {
  Variables: {
    requestId: string;
    deps: BffDeps;
    session: SessionData | undefined;
    /** The upstream acting for the signed-in person (service token + From). */
    upstream: ZammadClient;
  };
};
