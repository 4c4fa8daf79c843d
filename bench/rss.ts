// The stack's memory, read from /proc (Linux): the desk's and the BFF's processes (with any
// children of theirs) and the PostgreSQL server of a data directory (its postmaster, found
// through `postmaster.pid`, and every backend and helper under it).
//
// RSS counts PostgreSQL's shared memory (shared_buffers) once in every backend that touched it,
// so the PostgreSQL RSS sum overstates what the server takes; PSS (from smaps_rollup) splits
// shared pages between the processes mapping them and adds up honestly. Both are reported.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface PartMemory {
  processes: number;
  rssMb: number;
  /** Undefined when some process's smaps_rollup is unreadable. */
  pssMb?: number;
}

export interface StackMemory {
  desk: PartMemory;
  bff?: PartMemory;
  postgres: PartMemory;
  /** Sum of the parts' RSS (PostgreSQL's shared memory counted once per backend). */
  totalRssMb: number;
  totalPssMb?: number;
}

export interface StackPids {
  desk: number;
  bff?: number;
  /** The PostgreSQL data directory (holding postmaster.pid). */
  pgDataDir: string;
}

const round = (kb: number) => Math.round(kb / 102.4) / 10;

function readKb(file: string, field: string): number | undefined {
  try {
    const m = readFileSync(file, 'utf8').match(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm'));
    return m ? Number(m[1]) : undefined;
  } catch {
    return undefined;
  }
}

/** Parent of every live process (pid → ppid). */
function parents(): Map<number, number> {
  const out = new Map<number, number>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      // `pid (comm) state ppid …`: comm may hold spaces and parentheses, so split after the last ')'.
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      out.set(Number(entry), ppid);
    } catch {
      // gone meanwhile
    }
  }
  return out;
}

/** pid and all its descendants. */
function tree(pid: number, ppids: Map<number, number>): Set<number> {
  const out = new Set<number>([pid]);
  let grew = true;
  while (grew) {
    grew = false;
    for (const [p, pp] of ppids)
      if (!out.has(p) && out.has(pp)) {
        out.add(p);
        grew = true;
      }
  }
  return out;
}

function part(pids: Iterable<number>): PartMemory {
  let rss = 0;
  let pss: number | undefined = 0;
  let n = 0;
  for (const pid of pids) {
    const r = readKb(`/proc/${pid}/status`, 'VmRSS');
    if (r === undefined) continue;
    n++;
    rss += r;
    const p = readKb(`/proc/${pid}/smaps_rollup`, 'Pss');
    pss = p === undefined || pss === undefined ? undefined : pss + p;
  }
  return { processes: n, rssMb: round(rss), ...(pss === undefined ? {} : { pssMb: round(pss) }) };
}

export function postmasterPid(pgDataDir: string): number | undefined {
  const file = join(pgDataDir, 'postmaster.pid');
  if (!existsSync(file)) return undefined;
  const pid = Number(readFileSync(file, 'utf8').split('\n')[0]);
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** One reading of the stack's memory; undefined off Linux. */
export function stackMemory(pids: StackPids, ppids = parents()): StackMemory | undefined {
  if (!existsSync('/proc/self/status')) return undefined;
  const pm = postmasterPid(pids.pgDataDir);
  const pg = pm === undefined ? new Set<number>() : tree(pm, ppids);
  const desk = [...tree(pids.desk, ppids)].filter((p) => !pg.has(p));
  const bff = pids.bff === undefined ? undefined : [...tree(pids.bff, ppids)].filter((p) => !pg.has(p));
  const parts = { desk: part(desk), ...(bff ? { bff: part(bff) } : {}), postgres: part(pg) };
  const all = [parts.desk, parts.bff, parts.postgres].filter((p): p is PartMemory => p !== undefined);
  const pss = all.every((p) => p.pssMb !== undefined)
    ? Math.round(all.reduce((s, p) => s + (p.pssMb ?? 0), 0) * 10) / 10
    : undefined;
  return {
    ...parts,
    totalRssMb: Math.round(all.reduce((s, p) => s + p.rssMb, 0) * 10) / 10,
    ...(pss === undefined ? {} : { totalPssMb: pss }),
  };
}

/** Samples the stack every `everyMs` until stopped; returns the reading with the largest total RSS. */
export function sampleStack(pids: StackPids, everyMs = 500): { stop(): StackMemory | undefined } {
  let max: StackMemory | undefined;
  // The process table is walked every few samples only (backends come and go rarely).
  let ppids = parents();
  let n = 0;
  const take = () => {
    if (++n % 4 === 0) ppids = parents();
    const m = stackMemory(pids, ppids);
    if (m && (!max || m.totalRssMb > max.totalRssMb)) max = m;
  };
  take();
  const timer = setInterval(take, everyMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return max;
    },
  };
}

export function formatMemory(m: StackMemory): string {
  const p = (x: PartMemory) =>
    `${x.rssMb.toFixed(0)} MB${x.pssMb !== undefined ? ` (PSS ${x.pssMb.toFixed(0)})` : ''}`;
  return (
    `total RSS ${m.totalRssMb.toFixed(0)} MB` +
    (m.totalPssMb !== undefined ? `, PSS ${m.totalPssMb.toFixed(0)} MB` : '') +
    ` = desk ${p(m.desk)}` +
    (m.bff ? ` + BFF ${p(m.bff)}` : '') +
    ` + PostgreSQL ${m.postgres.processes} processes ${p(m.postgres)}`
  );
}
