/*
 * The plan of the demo's history (seed/history.ts writes it): a year and a month of tickets,
 * drawn from a seeded generator so every first boot gets the same history relative to its
 * clock. Pure: no database. Working time is approximated as Monday to Friday, 09:00–17:00 UTC
 * (the demo calendar is Brussels' with holidays; the figures need only be plausible).
 */

export const HISTORY_DAYS = 400;
const MINUTE = 60_000;
const DAY = 86_400_000;

/** mulberry32: small, fast, good enough for demo data. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

const isWorkday = (d: Date) => d.getUTCDay() >= 1 && d.getUTCDay() <= 5;

/** `from` plus `minutes` of working time (Mon–Fri 09:00–17:00 UTC). */
export function addWorking(from: Date, minutes: number): Date {
  let t = new Date(from);
  let left = minutes;
  for (let guard = 0; guard < 2000; guard++) {
    const dayStart = Date.UTC(t.getUTCFullYear(), t.getUTCMonth(), t.getUTCDate());
    const open = dayStart + 9 * 60 * MINUTE;
    const close = dayStart + 17 * 60 * MINUTE;
    if (!isWorkday(t) || t.getTime() >= close) {
      t = new Date(dayStart + DAY + 9 * 60 * MINUTE);
      continue;
    }
    const start = Math.max(t.getTime(), open);
    const room = (close - start) / MINUTE;
    if (left <= room) return new Date(start + left * MINUTE);
    left -= room;
    t = new Date(dayStart + DAY + 9 * 60 * MINUTE);
  }
  return t;
}

export interface UnitPlan {
  name: string;
  level: 'base' | 'medium' | 'advanced';
  weight: number;
  services: (string | null)[];
}

/** The demo units tickets go to, with their share and the services they handle. */
export const UNIT_PLANS: UnitPlan[] = [
  {
    name: 'First-Line Support',
    level: 'base',
    weight: 28,
    services: [null, null, 'eosc-marketplace', 'b2drop'],
  },
  {
    name: 'EGI Support',
    level: 'advanced',
    weight: 26,
    services: ['egi-check-in', 'egi-cloud-compute', 'egi-datahub'],
  },
  { name: 'EUDAT Support', level: 'medium', weight: 16, services: ['b2share', 'b2drop'] },
  { name: 'EOSC Portal Support', level: 'base', weight: 12, services: ['eosc-marketplace'] },
  { name: 'OpenAIRE Support', level: 'base', weight: 13, services: ['openaire-explore', 'zenodo'] },
  { name: 'EGI Check-in Developers', level: 'advanced', weight: 5, services: ['egi-check-in'] },
];

/** First-response time each level promises per priority id (docs/service-levels.md). */
const TARGETS: Record<UnitPlan['level'], number[]> = {
  base: [2400, 2400, 2400, 2400],
  medium: [2400, 2400, 480, 480],
  advanced: [2400, 480, 480, 240],
};

export interface PlannedArticle {
  at: Date;
  sender: 'Agent' | 'Customer';
  type: string;
  internal: boolean;
  body: string;
}

export interface PlannedChange {
  at: Date;
  attribute: 'state' | 'group' | 'owner';
  from: number | null;
  to: number | null;
}

export interface PlannedTicket {
  created: Date;
  unit: number;
  /** Where it was created (the first line, before triage moved it), when not `unit`. */
  firstUnit: number;
  priority: number;
  type: 'incident' | 'service_request';
  service: string | null;
  channel: 'web' | 'email' | 'phone';
  customer: number;
  /** Index of the owning agent within the unit's agents; null: nobody. */
  owner: number | null;
  formerOwner: number | null;
  state: 'new' | 'open' | 'pending reminder' | 'closed' | 'merged';
  firstResponseAt: Date | null;
  firstResponseMin: number | null;
  firstResponseTarget: number;
  firstResponseDue: Date | null;
  closeAt: Date | null;
  lastCloseAt: Date | null;
  closeMin: number | null;
  pendingTime: Date | null;
  articles: PlannedArticle[];
  changes: PlannedChange[];
}

const pick = <T>(r: () => number, items: readonly T[]): T => items[Math.floor(r() * items.length)] as T;

function weighted<T extends { weight: number }>(r: () => number, items: readonly T[]): number {
  const total = items.reduce((n, i) => n + i.weight, 0);
  let x = r() * total;
  for (let i = 0; i < items.length; i++) {
    x -= (items[i] as T).weight;
    if (x < 0) return i;
  }
  return items.length - 1;
}

/** How busy a day is: working days, a quiet August and Christmas, slowly growing use. */
function dayWeight(d: Date, ageDays: number): number {
  let w = isWorkday(d) ? 1 : 0.18;
  const m = d.getUTCMonth();
  if (m === 7) w *= 0.55;
  if ((m === 11 && d.getUTCDate() >= 22) || (m === 0 && d.getUTCDate() <= 3)) w *= 0.3;
  return w * (1.25 - (0.5 * ageDays) / HISTORY_DAYS);
}

const TITLES: Record<string, string[]> = {
  incident: [
    'Login fails with "access denied"',
    'Service very slow since this morning',
    'Upload stops at 99 %',
    'Error 500 when opening my records',
    'Cannot reach the API endpoint',
    'Quota shown wrongly',
  ],
  service_request: [
    'Request: more storage for our project',
    'Access for a new project member',
    'Please extend our allocation until next year',
    'New community to onboard',
    'Request for a DOI prefix',
  ],
};

const SOLVED = 'Thank you, this is solved on our side. Please tell us if it happens again.';

/** The history to write, oldest first. `agents[u]` and `customers` are counts (indices). */
export function planHistory(
  now: Date,
  opts: { tickets: number; agentsPerUnit: number[]; customers: number; seed?: number },
): PlannedTicket[] {
  const r = rng(opts.seed ?? 2026);
  const start = now.getTime() - HISTORY_DAYS * DAY;
  const out: PlannedTicket[] = [];
  while (out.length < opts.tickets) {
    const created = new Date(start + r() * (HISTORY_DAYS * DAY - 3_600_000));
    const ageDays = (now.getTime() - created.getTime()) / DAY;
    const hour = created.getUTCHours();
    const hourWeight = hour >= 7 && hour < 18 ? 1 : 0.15;
    if (r() > dayWeight(created, ageDays) * hourWeight) continue;
    out.push(planTicket(r, now, created, opts));
  }
  return out.sort((a, b) => a.created.getTime() - b.created.getTime());
}

function planTicket(
  r: () => number,
  now: Date,
  created: Date,
  opts: { agentsPerUnit: number[]; customers: number },
): PlannedTicket {
  const unit = weighted(r, UNIT_PLANS);
  const plan = UNIT_PLANS[unit] as UnitPlan;
  const priority = weighted(r, [{ weight: 25 }, { weight: 50 }, { weight: 20 }, { weight: 5 }]) + 1;
  const type = r() < 0.6 ? 'incident' : 'service_request';
  const channel = r() < 0.6 ? 'web' : r() < 0.88 ? 'email' : 'phone';
  const agents = opts.agentsPerUnit[unit] ?? 1;
  const t: PlannedTicket = {
    created,
    unit,
    firstUnit: unit !== 0 && r() < 0.6 ? 0 : unit,
    priority,
    type,
    service: pick(r, plan.services),
    channel,
    customer: Math.floor(r() * opts.customers),
    owner: Math.floor(r() * agents),
    formerOwner: null,
    state: 'new',
    firstResponseAt: null,
    firstResponseMin: null,
    firstResponseTarget: (TARGETS[plan.level][priority - 1] ?? 2400) as number,
    firstResponseDue: null,
    closeAt: null,
    lastCloseAt: null,
    closeMin: null,
    pendingTime: null,
    articles: [
      {
        at: created,
        sender: 'Customer',
        type: channel,
        internal: false,
        body: `${pick(r, TITLES[type] as string[])}. Details follow in the ticket.`,
      },
    ],
    changes: [],
  };
  if (t.firstUnit !== t.unit)
    t.changes.push({
      at: addWorking(created, 30 + Math.floor(r() * 240)),
      attribute: 'group',
      from: 0,
      to: unit,
    });
  if (r() < 0.015) {
    // A duplicate, merged into the original within the hour.
    t.state = 'merged';
    t.owner = null;
    t.changes.push({ at: new Date(created.getTime() + 40 * MINUTE), attribute: 'state', from: 1, to: 5 });
    return t;
  }
  respond(r, now, t);
  // Some tickets change hands after the first answer (a colleague takes over).
  if (t.firstResponseAt && agents > 1 && r() < 0.15) t.formerOwner = ((t.owner ?? 0) + 1) % agents;
  resolve(r, now, t);
  return t;
}

/** First response: most within the unit's promise, some late; none yet for the newest. */
function respond(r: () => number, now: Date, t: PlannedTicket): void {
  const target = t.firstResponseTarget;
  const met = r() < (t.priority >= 3 ? 0.8 : 0.9);
  const minutes = met
    ? Math.max(3, Math.floor(target * (0.02 + 0.9 * r() ** 2)))
    : Math.floor(target * (1.02 + 1.5 * r()));
  const at = addWorking(t.created, minutes);
  if (at > now) {
    t.firstResponseDue = addWorking(t.created, target);
    return;
  }
  t.state = 'open';
  t.firstResponseAt = at;
  t.firstResponseMin = minutes;
  const reply = t.channel === 'email' ? 'email' : 'web';
  t.articles.push({
    at,
    sender: 'Agent',
    type: reply,
    internal: false,
    body: 'Thank you, we are looking into it.',
  });
  if (r() < 0.2)
    t.articles.push({
      at: new Date(at.getTime() + 5 * MINUTE),
      sender: 'Agent',
      type: 'note',
      internal: true,
      body: 'Checked the logs; see the linked incident.',
    });
}

/** Closing (and the occasional reopening) after the response; the newest stay open. */
function resolve(r: () => number, now: Date, t: PlannedTicket): void {
  if (!t.firstResponseAt || t.firstResponseMin === null) return;
  const work = Math.floor(120 * Math.exp(r() * 4.2));
  const closeMin = t.firstResponseMin + work;
  const closeAt = addWorking(t.created, closeMin);
  if (r() < 0.45) {
    const ask = new Date(
      Math.min(t.firstResponseAt.getTime() + (1 + r() * 30) * 3_600_000, closeAt.getTime() - MINUTE),
    );
    if (ask > t.firstResponseAt && ask < now) {
      t.articles.push({
        at: ask,
        sender: 'Customer',
        type: t.channel,
        internal: false,
        body: 'Here are the details.',
      });
      const answer = addWorking(ask, 20 + Math.floor(r() * 400));
      if (answer < now && answer < closeAt)
        t.articles.push({
          at: answer,
          sender: 'Agent',
          type: 'email',
          internal: false,
          body: 'Thanks, we are on it.',
        });
    }
  }
  if (closeAt > now) {
    if (r() < 0.15) {
      t.state = 'pending reminder';
      t.pendingTime = new Date(now.getTime() + (1 + Math.floor(r() * 7)) * DAY);
    }
    return;
  }
  t.articles.push({ at: closeAt, sender: 'Agent', type: 'email', internal: false, body: SOLVED });
  t.state = 'closed';
  t.closeAt = closeAt;
  t.lastCloseAt = closeAt;
  t.closeMin = closeMin;
  t.changes.push({ at: closeAt, attribute: 'state', from: 2, to: 4 });
  if (r() < 0.07) reopen(r, now, t, closeAt);
}

function reopen(r: () => number, now: Date, t: PlannedTicket, closeAt: Date): void {
  const again = new Date(closeAt.getTime() + (0.5 + r() * 6) * DAY);
  if (again > now) return;
  t.articles.push({
    at: again,
    sender: 'Customer',
    type: t.channel,
    internal: false,
    body: 'It happens again.',
  });
  t.changes.push({ at: again, attribute: 'state', from: 4, to: 2 });
  t.state = 'open';
  const closedAgain = addWorking(again, 60 + Math.floor(r() * 1500));
  if (closedAgain > now) return;
  t.articles.push({ at: closedAgain, sender: 'Agent', type: 'email', internal: false, body: SOLVED });
  t.changes.push({ at: closedAgain, attribute: 'state', from: 2, to: 4 });
  t.state = 'closed';
  t.lastCloseAt = closedAgain;
}
