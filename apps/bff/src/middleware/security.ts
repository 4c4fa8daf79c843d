import type { MiddlewareHandler } from 'hono';
import type { BffEnv } from '../context.ts';
import { BffError } from '../lib/errors.ts';

const CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Security headers on every reply; HSTS only behind HTTPS. A route that set its own, stricter
 * policy (attachment downloads: `sandbox`) keeps it.
 */
export const securityHeaders: MiddlewareHandler<BffEnv> = async (c, next) => {
  await next();
  if (!c.res.headers.has('Content-Security-Policy')) c.header('Content-Security-Policy', CSP);
  c.header('X-Content-Type-Options', 'nosniff');
  c.header('Referrer-Policy', 'strict-origin-when-cross-origin');
  c.header('X-Frame-Options', 'DENY');
  c.header('Cross-Origin-Opener-Policy', 'same-origin');
  c.header('Permissions-Policy', 'camera=(), microphone=(), geolocation=()');
  if (isHttps(c.req.raw)) c.header('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
};

export function isHttps(req: Request): boolean {
  const proto = req.headers.get('x-forwarded-proto');
  return (proto ?? new URL(req.url).protocol.replace(':', '')) === 'https';
}

/** The BFF's own origin, as the browser sees it (Host, or X-Forwarded-Host behind a proxy). */
function ownOrigin(req: Request): string {
  const url = new URL(req.url);
  const host = req.headers.get('x-forwarded-host') ?? req.headers.get('host') ?? url.host;
  return `${isHttps(req) ? 'https' : 'http'}://${host}`;
}

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * CSRF defence for every state-changing request: the Origin (or Referer) must be the BFF's
 * own or an allowed one, and the SPA's custom header must be present (a cross-site form
 * cannot set it). Sign-in is exempt from the header only (the Origin check still applies).
 */
export function csrf(exempt: (method: string, path: string) => boolean): MiddlewareHandler<BffEnv> {
  return async (c, next) => {
    if (SAFE.has(c.req.method)) return next();
    const origin =
      c.req.header('origin') ??
      (c.req.header('referer') ? new URL(c.req.header('referer') as string).origin : undefined);
    const allowed = [ownOrigin(c.req.raw), ...c.get('deps').allowedOrigins];
    if (!origin || !allowed.includes(origin)) {
      throw new BffError(
        403,
        'csrf_origin',
        'This request did not come from the helpdesk web app (Origin check failed).',
      );
    }
    if (!exempt(c.req.method, c.req.path) && c.req.header('x-eosc-csrf') !== '1') {
      throw new BffError(403, 'csrf_header', 'This request lacks the X-EOSC-CSRF header.');
    }
    await next();
  };
}
