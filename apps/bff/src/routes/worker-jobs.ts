import type { Schemas } from '@eosc/zammad-api';
import { createRoute, OpenAPIHono, z } from '@hono/zod-openapi';
import type { BffEnv } from '../context.ts';
import { requirePermission } from '../lib/permissions.ts';
import { requireSession } from '../middleware/session.ts';
import { endpoint, IdParam, recordErrorResponses, reply } from '../openapi.ts';

/*
 * The desk's background worker (an EOSC extension: escalations, reminders, pending close,
 * reviews, recomputing due times): when each job last ran and how, when it runs next, and
 * "run now". `admin.scheduler`, checked here and by the desk. A real Zammad has no such route:
 * its 404 comes through as it is.
 */

const errors = recordErrorResponses('No such job');
const mw = [requireSession, requirePermission('admin.scheduler')];

const WorkerJobSchema = z
  .object({
    id: z.number().int(),
    kind: z.string().openapi({ description: 'escalation, pending_reminder, pending_close, review, …' }),
    recurring: z.boolean(),
    interval_seconds: z.number().int().nullable(),
    next_run_at: z.string(),
    last_run_at: z.string().nullable(),
    last_duration_ms: z.number().int().nullable(),
    last_result: z
      .record(z.string(), z.unknown())
      .nullable()
      .openapi({ description: 'What the last run did (counts).' }),
    last_error: z.string().nullable(),
    attempts: z.number().int().openapi({ description: 'Failed attempts since the last success.' }),
    failures: z.number().int(),
    runs: z.number().int(),
    running_since: z.string().nullable(),
  })
  .openapi('WorkerJob');

const list = createRoute({
  ...endpoint('get', '/bff/agent/admin/jobs', "The background worker's jobs (admin.scheduler)", mw),
  responses: { 200: reply('Jobs', z.object({ items: z.array(WorkerJobSchema) })), ...errors },
});

const run = createRoute({
  ...endpoint('post', '/bff/agent/admin/jobs/{id}/run', 'Run a job now (admin.scheduler)', mw),
  request: { params: IdParam },
  responses: { 200: reply('The job after its run', WorkerJobSchema), ...errors },
});

function shape(j: Schemas['WorkerJob']): z.infer<typeof WorkerJobSchema> {
  return {
    id: j.id,
    kind: j.kind,
    recurring: j.recurring,
    interval_seconds: j.interval_seconds ?? null,
    next_run_at: j.run_at,
    last_run_at: j.last_run_at ?? null,
    last_duration_ms: j.last_duration_ms ?? null,
    last_result: j.last_result ?? null,
    last_error: j.last_error ?? null,
    attempts: j.attempts,
    failures: j.failures ?? 0,
    runs: j.runs ?? 0,
    running_since: j.locked_at ?? null,
  };
}

export function workerJobRoutes() {
  const app = new OpenAPIHono<BffEnv>();

  app.openapi(list, async (c) => {
    const jobs = await c.get('upstream').GET('/eosc_worker_jobs');
    return c.json({ items: jobs.map(shape) }, 200);
  });

  app.openapi(run, async (c) => {
    const { id } = c.req.valid('param');
    const job = await c.get('upstream').POST('/eosc_worker_jobs/{id}/run', { params: { path: { id } } });
    return c.json(shape(job), 200);
  });

  return app;
}
