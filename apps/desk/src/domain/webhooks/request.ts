/**
 * One webhook call: POST of a JSON body to the resolved, checked address (address.ts), with
 * Zammad's headers, no redirects followed (a 3xx is an answer like any other) and one timeout for
 * the whole exchange. Answers only what the delivery log keeps.
 */
import { createHmac } from 'node:crypto';
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { LookupFunction } from 'node:net';
import { resolveTarget } from './address.ts';

export interface WebhookCall {
  endpoint: string;
  body: string;
  triggerName: string;
  deliveryId: string;
  signatureToken: string | null;
  sslVerify: boolean;
  basicAuth: { username: string; password: string } | null;
  bearerToken: string | null;
  allowHosts: readonly string[];
  timeoutMs: number;
}

export interface WebhookAnswer {
  status: number;
  body: string;
}

/** Zammad's `X-Hub-Signature`: `sha1=` + HMAC-SHA1 of the body with the webhook's token. */
export function signature(token: string, body: string): string {
  return `sha1=${createHmac('sha1', token).update(body).digest('hex')}`;
}

/** A header value kept to printable ASCII (trigger names may hold anything). */
const headerSafe = (s: string) => s.replace(/[^\x20-\x7e]/g, '?');

export function webhookHeaders(call: WebhookCall): Record<string, string> {
  const headers: Record<string, string> = {
    'Content-Type': 'application/json; charset=utf-8',
    'User-Agent': 'Zammad User Agent',
    'X-Zammad-Trigger': headerSafe(call.triggerName),
    'X-Zammad-Delivery': call.deliveryId,
    'Content-Length': String(Buffer.byteLength(call.body)),
  };
  if (call.signatureToken) headers['X-Hub-Signature'] = signature(call.signatureToken, call.body);
  if (call.bearerToken) headers.Authorization = `Bearer ${call.bearerToken}`;
  else if (call.basicAuth)
    headers.Authorization = `Basic ${Buffer.from(`${call.basicAuth.username}:${call.basicAuth.password}`).toString('base64')}`;
  return headers;
}

const MAX_ANSWER = 64 * 1024;

export async function callWebhook(call: WebhookCall): Promise<WebhookAnswer> {
  const url = new URL(call.endpoint);
  const target = await resolveTarget(url, call.allowHosts);
  // Connect to the address checked above, whatever a later DNS answer would say.
  const pinned: LookupFunction = (_host, opts, cb) => {
    if ((opts as { all?: boolean }).all) cb(null, [{ address: target.address, family: target.family }]);
    else cb(null, target.address, target.family);
  };
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise<WebhookAnswer>((resolve, reject) => {
    const req = send(
      url,
      {
        method: 'POST',
        headers: webhookHeaders(call),
        lookup: pinned,
        rejectUnauthorized: call.sslVerify,
        timeout: call.timeoutMs,
      },
      (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (c: Buffer) => {
          if (size < MAX_ANSWER) chunks.push(c);
          size += c.length;
        });
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    const timer = setTimeout(
      () => req.destroy(new Error(`timed out after ${call.timeoutMs / 1000} s`)),
      call.timeoutMs,
    );
    req.on('close', () => clearTimeout(timer));
    req.on('timeout', () => req.destroy(new Error(`timed out after ${call.timeoutMs / 1000} s`)));
    req.on('error', reject);
    req.end(call.body);
  });
}
