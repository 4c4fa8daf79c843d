import { Hono, type MiddlewareHandler } from 'hono';
import { z } from 'zod';
import { InvalidError, NotFoundError } from '../domain/errors.ts';
import { listJobs, pullRecurringJobs, serializeJob } from '../domain/jobs.ts';
import { requirePermission } from '../http/auth.ts';
import type { DeskEnv } from '../http/env.ts';
import { input, pathId } from '../http/input.ts';
import { reply } from '../http/reply.ts';
import type { Worker } from '../jobs/worker.ts';
import { advanceClock, clockOffsetMs, now, setClock } from '../lib/clock.ts';

/** EOSC extension: the worker's jobs for admins (`admin.scheduler`), and running one now. */
export function workerRoutes(worker: Worker) {
  const app = new Hono<DeskEnv>();
  const scheduler = requirePermission('admin.scheduler');

  app.get('/eosc_worker_jobs', scheduler, async (c) =>
    reply(c, (await listJobs(c.get('db'))).map(serializeJob)),
  );

  app.post('/eosc_worker_jobs/:id{[0-9]+}/run', scheduler, async (c) => {
    const id = pathId(c.req.param('id'), 'Job');
    const outcome = await worker.runNow(id);
    if (outcome === undefined) throw new NotFoundError('Job', id);
    if (outcome === 'busy') throw new InvalidError('This job is running in another process right now.');
    const job = outcome.job ?? (await listJobs(c.get('db'))).find((j) => j.id === id);
    if (!job) throw new NotFoundError('Job', id);
    return reply(c, serializeJob(job));
  });

  return app;
}

const ClockMove = z
  .looseObject({ advance_minutes: z.unknown().optional(), now: z.unknown().optional() })
  .transform((q, ctx) => {
    const minutes = q.advance_minutes === undefined ? undefined : Number(q.advance_minutes);
    const at = q.now === undefined ? undefined : new Date(String(q.now));
    if (minutes !== undefined && !(Number.isFinite(minutes) && minutes >= 0))
      ctx.addIssue({
        code: 'custom',
        message: `Invalid value for param 'advance_minutes': ${q.advance_minutes}`,
      });
    else if (at !== undefined && Number.isNaN(at.getTime()))
      ctx.addIssue({ code: 'custom', message: `Invalid value for param 'now': ${JSON.stringify(q.now)}` });
    else if ((minutes === undefined) === (at === undefined))
      ctx.addIssue({ code: 'custom', message: "Give either 'advance_minutes' or 'now'." });
    return { minutes, at };
  });

/**
 * EOSC extension for tests (`admin`, and only when the desk runs with DESK_TEST_CLOCK=1; else
 * the route does not exist): reads or moves the desk's clock; a move runs every job that
 * became due before it answers, so a browser test can move time and then look at the bell.
 */
export function testClockRoutes(opts: { enabled: boolean; worker: Worker }) {
  const app = new Hono<DeskEnv>();
  const admin = requirePermission('admin');
  const state = (ran?: { kind: string; result: unknown }[]) => ({
    now: now(),
    offset_ms: Math.round(clockOffsetMs()),
    ...(ran ? { ran } : {}),
  });
  const enabled: MiddlewareHandler<DeskEnv> = async (c, next) => {
    if (!opts.enabled) return c.notFound();
    await next();
  };
  app.get('/eosc_test_clock', enabled, admin, (c) => reply(c, state()));
  app.put('/eosc_test_clock', enabled, admin, async (c) => {
    const move = await input(c, ClockMove);
    if (move.at) setClock(move.at);
    else advanceClock((move.minutes ?? 0) * 60_000);
    await pullRecurringJobs(c.get('db'));
    const ran = await opts.worker.runDue();
    return reply(
      c,
      state(ran.map((r) => ({ kind: r.kind, result: r.error ? { error: r.error } : r.result }))),
    );
  });
  return app;
}
