// The desk and the BFF as `npm start` runs them: each bundled with esbuild into one ES module
// (apps/<name>/dist/server.mjs; npm packages stay external, the workspace's own packages are
// bundled in), so they start with plain `node`: no TypeScript loader at run time. Measured at
// idle on the benchmark's 100,000 tickets, a desk process holds 95 MB instead of 146 MB under
// tsx (whose loader keeps a second V8 isolate in a worker thread), and starts faster (issue 15).
// Tests and the benchmark's helpers keep running the sources with tsx.
import { cpSync, existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { log, newestMtime, root } from './lib.mjs';

/** Where `npm start` finds each server. */
export const serverEntry = (name) => join(root, 'apps', name, 'dist', 'server.mjs');

// The workspace's own packages, bundled from their sources (their exports point at .ts files).
const aliases = {
  '@eosc/zammad-api/notification-config': './packages/zammad-api/src/notification-config.ts',
  '@eosc/zammad-api': './packages/zammad-api/src/index.ts',
};

/** Bundles the desk and the BFF unless each bundle is newer than every source it is made of. */
export async function ensureServerBuilds(force = false) {
  const shared = Math.max(
    newestMtime(join(root, 'packages', 'zammad-api', 'src')),
    newestMtime(join(root, 'package-lock.json')),
    newestMtime(join(root, 'scripts', 'build-servers.mjs')),
  );
  for (const name of ['desk', 'bff']) {
    const out = serverEntry(name);
    const sources = Math.max(shared, newestMtime(join(root, 'apps', name, 'src')));
    if (!force && existsSync(out) && statSync(out).mtimeMs > sources) continue;
    log(`bundling the ${name} (apps/${name}/dist/server.mjs)…`);
    const esbuild = await import('esbuild');
    const dist = join(root, 'apps', name, 'dist');
    rmSync(dist, { recursive: true, force: true });
    await esbuild.build({
      entryPoints: [join(root, 'apps', name, 'src', 'server.ts')],
      outfile: out,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      packages: 'external',
      alias: aliases,
      absWorkingDir: root,
      logLevel: 'warning',
    });
    // The desk reads its migrations beside its code (db/migrate.ts).
    if (name === 'desk')
      cpSync(join(root, 'apps', 'desk', 'src', 'db', 'migrations'), join(dist, 'migrations'), {
        recursive: true,
      });
  }
}
