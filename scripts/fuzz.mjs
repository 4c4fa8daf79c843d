// `npm run fuzz`: the long fuzzing run (fuzz/): FUZZ_RUNS requests per API (default 3000),
// FUZZ_SEED (default: a new one, printed, so a failure can be replayed with it), FUZZ_TIME_LIMIT_MS
// per API (default 20 minutes). `npm test` runs the same property with a fixed seed and 120 requests (75 s at most per API).
import { log, root, run } from './lib.mjs';

const seed = process.env.FUZZ_SEED ?? String(Math.floor(Math.random() * 2 ** 31));
const runs = process.env.FUZZ_RUNS ?? '3000';
log(`fuzzing the desk and the BFF: ${runs} requests each, seed ${seed} (replay with FUZZ_SEED=${seed})`);
process.exit(
  run('npx', ['vitest', 'run', '--project', 'fuzz'], {
    cwd: root,
    env: {
      ...process.env,
      FUZZ_SEED: seed,
      FUZZ_RUNS: runs,
      FUZZ_TIME_LIMIT_MS: process.env.FUZZ_TIME_LIMIT_MS ?? String(20 * 60_000),
    },
  }),
);
