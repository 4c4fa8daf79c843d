// The BFF's cost: the same ticket read through the BFF (GET /bff/tickets/:id: ticket, visible
// articles, tags, names resolved, from one upstream call) and straight from the desk in one call
// (GET /api/v1/tickets/:id?all=true: ticket, articles, tags and assets), as the same agent.
import { type Child, freePort, startTsx } from '../processes.ts';
import { type BenchContext, pick, type Scenario } from '../scenario.ts';

export interface BffTarget {
  url: string;
  /** The signed-in agent's session cookie. */
  cookie: string;
}

/**
 * Starts the BFF in front of the desk (service token + From, as in production) and signs in as
 * the demo agent. `webDist`: the built SPA to serve, if any.
 */
export async function startBff(
  desk: string,
  token: string,
  webDist = '/nonexistent',
): Promise<{ child: Child; target: BffTarget }> {
  const port = await freePort();
  const { child } = await startTsx(
    'apps/bff/src/server.ts',
    [],
    {
      PORT: String(port),
      HOST: '127.0.0.1',
      ZAMMAD_URL: desk,
      ZAMMAD_TOKEN: token,
      SESSION_SECRET: `bench-${token}`.padEnd(40, 'x'),
      WEB_DIST: webDist,
      // Measure cost, not the timeout: a loaded machine can make the desk slow under concurrency.
      UPSTREAM_TIMEOUT_MS: '60000',
    },
    /bff: web app on/,
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    const cookie = await signIn(url, 'agent@example.org', 'demo-agent-pass');
    return { child, target: { url, cookie } };
  } catch (err) {
    await child.stop();
    throw err;
  }
}

/** Signs in through the BFF; returns the session cookie as "name=value". */
export async function signIn(url: string, login: string, password: string): Promise<string> {
  const res = await fetch(`${url}/bff/session`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Origin: url },
    body: JSON.stringify({ login, password }),
  });
  if (res.status !== 200)
    throw new Error(`the BFF sign-in of ${login} answered ${res.status}: ${await res.text()}`);
  return (res.headers.getSetCookie()[0] ?? '').split(';')[0] ?? '';
}

/**
 * The scenario pairs compared as BFF / desk in the summary: the same tickets read through the
 * BFF and straight from the desk (desk-ticket-all is in scenarios/desk.ts), under the run's
 * concurrency and over a single connection (latency without queueing). Goal (issue 15): the
 * BFF's median at most 1.15 times the desk's.
 */
export const BFF_PAIRS: [bff: string, desk: string][] = [
  ['bff-show-ticket', 'desk-ticket-all'],
  ['bff-show-ticket-1conn', 'desk-ticket-all-1conn'],
];
export const BFF_MEDIAN_GOAL = 1.15;

export function bffScenarios(ctx: BenchContext & { bff?: BffTarget }): Scenario[] {
  const bff = ctx.bff;
  if (!bff) return [];
  const [first, last] = ctx.ticketIds;
  const viaBff = (i: number) => ({
    method: 'GET' as const,
    path: `/bff/tickets/${pick(i, first, last)}`,
    headers: { Cookie: bff.cookie },
    expectStatus: 200,
  });
  return [
    { name: 'bff-show-ticket', label: 'GET /bff/tickets/:id (BFF)', target: bff.url, request: viaBff },
    {
      name: 'desk-ticket-all-1conn',
      label: 'GET /tickets/:id?all=true, 1 connection',
      target: ctx.desk,
      concurrency: 1,
      request: (i) => ({
        method: 'GET',
        path: `/api/v1/tickets/${pick(i, first, last)}?all=true`,
        headers: ctx.deskHeaders,
        expectStatus: 200,
      }),
    },
    {
      name: 'bff-show-ticket-1conn',
      label: 'GET /bff/tickets/:id (BFF), 1 connection',
      target: bff.url,
      concurrency: 1,
      request: viaBff,
    },
  ];
}

export interface BffCost {
  pair: [string, string];
  /** BFF median / desk median. */
  latency_ratio: number;
  throughput_ratio: number;
  goal: string;
  pass: boolean;
}

/** One line per pair: BFF/desk ratios of median latency and throughput, measured in the same run. */
export function printBffCost(
  rows: { name: string; desk?: { rps: number; p50Ms: number } }[],
  log: (msg: string) => void,
): BffCost[] {
  const out: BffCost[] = [];
  for (const [b, d] of BFF_PAIRS) {
    const viaBff = rows.find((r) => r.name === b)?.desk;
    const direct = rows.find((r) => r.name === d)?.desk;
    if (!viaBff || !direct) continue;
    const latency = viaBff.p50Ms / direct.p50Ms;
    const throughput = viaBff.rps / direct.rps;
    const pass = latency <= BFF_MEDIAN_GOAL;
    log(
      `BFF cost (${b} vs ${d}): median ${viaBff.p50Ms.toFixed(2)} vs ${direct.p50Ms.toFixed(2)} ms ` +
        `(×${latency.toFixed(2)}; goal ≤ ${BFF_MEDIAN_GOAL} ${pass ? 'met' : 'MISSED'}), ` +
        `${viaBff.rps.toFixed(0)} vs ${direct.rps.toFixed(0)} req/s (×${throughput.toFixed(2)})`,
    );
    out.push({
      pair: [b, d],
      latency_ratio: latency,
      throughput_ratio: throughput,
      goal: `median ratio <= ${BFF_MEDIAN_GOAL}`,
      pass,
    });
  }
  return out;
}
