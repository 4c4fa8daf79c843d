// `npm run bench`: the benchmark lives in bench/ (TypeScript, run with tsx). See bench/run.ts.
import { spawnSync } from 'node:child_process';
import { ensureDependencies, root } from './lib.mjs';

ensureDependencies();
const res = spawnSync(process.execPath, ['--import', 'tsx', 'bench/run.ts', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
});
process.exit(res.status ?? 1);
