import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { embeddedDatabaseUrl, freePort, Proc, rng } from './processes.ts';

/*
 * Crash safety of idempotent submits: a customer's browser sends tickets through the BFF, each
 * with its own Idempotency-Key, and retries every submit that got no reply with the same key and
 * body until it does. The BFF is killed with SIGKILL at random moments and restarted, its
 * Idempotency-Keys kept in PostgreSQL (BFF_DATABASE_URL, as `npm start` does: a key whose
 * process died is in doubt once its lease ran out) or, without a database, journaled in
 * IDEMPOTENCY_FILE. Afterwards each submit must have made exactly one ticket, and every reply for a
 * key the same one.
 */

const SEED = Number(process.env.CRASH_SEED ?? 2026);
const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 3);
const SUBMITTERS = 4;
const TOKEN = 'crash-service-token-0123456789abcdef0123456789';

describe.each(['postgres', 'journal'] as const)(
  `the BFF (keys: %s) killed with SIGKILL during idempotent submits (seed ${SEED}, ${ROUNDS} rounds)`,
  (store) => {
    it('makes exactly one ticket per Idempotency-Key, across restarts', async () => {
      const random = rng(SEED + 1);
      const dir = mkdtempSync(join(tmpdir(), 'crash-bff-'));
      chmodSync(dir, 0o755);
      const [deskPort, bffPort] = [await freePort(), await freePort()];
      const deskBase = `http://127.0.0.1:${deskPort}/api/v1`;
      const bffUrl = `http://127.0.0.1:${bffPort}`;
      const desk = new Proc(
        'apps/desk/src/server.ts',
        {
          DESK_PORT: String(deskPort),
          DESK_HOST: '127.0.0.1',
          DATA_DIR: join(dir, 'desk'),
          DATABASE_URL: '',
          DESK_SERVICE_TOKEN: TOKEN,
          SEED: 'demo',
          DESK_DEMO_HISTORY: '0',
          SMTP_URL: '',
        },
        `${deskBase}/users/me`,
      );
      await desk.start();
      const bff = new Proc(
        'apps/bff/src/server.ts',
        {
          PORT: String(bffPort),
          HOST: '127.0.0.1',
          ZAMMAD_URL: `http://127.0.0.1:${deskPort}`,
          ZAMMAD_TOKEN: TOKEN,
          SESSION_SECRET: 'crash-session-secret-0123456789abcdef0123',
          WEB_DIST: join(dir, 'no-web'),
          ...(store === 'postgres'
            ? // A short lease: the retries after each kill wait for it to run out.
              {
                BFF_DATABASE_URL: embeddedDatabaseUrl(join(dir, 'desk')),
                IDEMPOTENCY_FILE: '',
                IDEMPOTENCY_LEASE_SECONDS: '2',
              }
            : { BFF_DATABASE_URL: '', IDEMPOTENCY_FILE: join(dir, 'bff-idempotency.jsonl') }),
        },
        `${bffUrl}/bff/health`,
      );
      await bff.start();
      try {
        const signIn = await fetch(`${bffUrl}/bff/session`, {
          method: 'POST',
          headers: { Origin: bffUrl, 'Content-Type': 'application/json' },
          body: JSON.stringify({ login: 'customer@example.org', password: 'demo-customer-pass' }),
        });
        expect(signIn.status).toBe(200);
        const cookie = (signIn.headers.getSetCookie()[0] ?? '').split(';')[0] as string;
        const prefix = `bff-crash-${SEED}-${Date.now()}-`;
        /** Key → the ticket ids its 201 replies named (one submit may be answered more than once). */
        const replies = new Map<string, Set<number>>();
        let sent = 0;
        let replayed = 0;
        const submit = async (key: string, title: string): Promise<boolean> => {
          sent++;
          try {
            const res = await fetch(`${bffUrl}/bff/tickets`, {
              method: 'POST',
              headers: {
                Origin: bffUrl,
                Cookie: cookie,
                'X-EOSC-CSRF': '1',
                'Content-Type': 'application/json',
                'Idempotency-Key': key,
              },
              body: JSON.stringify({ title, body: `${title} body`, group: 'Users' }),
            });
            if (res.status !== 201) throw new Error(`submit answered ${res.status}: ${await res.text()}`);
            if (res.headers.get('idempotent-replayed') === 'true') replayed++;
            const ids = replies.get(key) ?? new Set<number>();
            ids.add((await res.json()).id);
            replies.set(key, ids);
            return true;
          } catch (err) {
            if (err instanceof Error && err.message.startsWith('submit answered')) throw err;
            return false; // no reply: the BFF died under it
          }
        };
        const pending = new Map<string, string>();
        for (let round = 0; round < ROUNDS; round++) {
          let running = true;
          const submitter = async (s: number) => {
            for (let i = 0; running; i++) {
              const key = `key-${round}-${s}-${i}-${SEED}`;
              const title = `${prefix}${round}-${s}-${i}`;
              pending.set(key, title);
              if (await submit(key, title)) {
                pending.delete(key);
                // A browser that lost the reply retries: here now and then although it got one.
                if (random() < 0.2) await submit(key, title);
              } else return;
            }
          };
          const all = Array.from({ length: SUBMITTERS }, (_, s) => submitter(s));
          await new Promise((r) => setTimeout(r, 300 + Math.floor(random() * 2000)));
          running = false;
          await bff.kill();
          await Promise.all(all);
          await bff.start();
          // The browser retries what got no reply, with the same key and body.
          for (const [key, title] of [...pending]) if (await submit(key, title)) pending.delete(key);
        }
        expect(pending.size).toBe(0);

        // Count the customer's tickets per title at the desk.
        const admin = { Authorization: `Token token=${TOKEN}`, From: 'admin@example.org' };
        const perTitle = new Map<string, number>();
        for (let page = 1; ; page++) {
          const list = await (
            await fetch(`${deskBase}/tickets?per_page=100&page=${page}`, { headers: admin })
          ).json();
          for (const t of list as { title: string }[])
            if (t.title.startsWith(prefix)) perTitle.set(t.title, (perTitle.get(t.title) ?? 0) + 1);
          if (list.length < 100) break;
        }
        const duplicates = [...perTitle.values()].filter((n) => n > 1).length;
        const splitReplies = [...replies.values()].filter((ids) => ids.size > 1).length;
        console.info(
          `crash (BFF, keys: ${store}, seed ${SEED}): ${ROUNDS} SIGKILLs, ${sent} submits sent for ${replies.size} keys ` +
            `(${replayed} replayed), ${perTitle.size} tickets stored; duplicates: ${duplicates}, ` +
            `keys answered with two ids: ${splitReplies}`,
        );
        expect(replies.size).toBeGreaterThan(0);
        expect(perTitle.size).toBe(replies.size);
        expect({ duplicates, splitReplies }).toEqual({ duplicates: 0, splitReplies: 0 });
      } finally {
        await bff.stop();
        await desk.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    }, 600_000);
  },
);
