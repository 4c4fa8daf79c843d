import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPostgres } from '../src/db/client.ts';
import { startEmbeddedPostgres } from '../src/db/embedded.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemo } from '../src/seed/demo.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    deskTemplate: { url: string; template: string };
  }
}

/**
 * Builds one migrated, demo-seeded database once per run; each test file gets its own copy
 * (`CREATE DATABASE … TEMPLATE`). The server is the embedded PostgreSQL (started here in a
 * temporary folder), or the one at DESK_TEST_PG_URL.
 */
export default async function setup(project: TestProject) {
  let serverUrl = process.env.DESK_TEST_PG_URL;
  let stopServer = async () => {};
  let dir: string | undefined;
  if (!serverUrl) {
    dir = mkdtempSync(join(tmpdir(), 'desk-test-pg-'));
    chmodSync(dir, 0o755);
    const server = await startEmbeddedPostgres(join(dir, 'pg'));
    serverUrl = server.url;
    stopServer = server.stop;
  }
  // One template per run, so parallel runs never rebuild each other's.
  const template = `desk_test_template_${process.pid}`;
  const admin = await openPostgres(serverUrl);
  await admin.exec(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
  await admin.exec(`CREATE DATABASE ${template}`);
  await admin.close();
  const url = new URL(serverUrl);
  url.pathname = `/${template}`;
  const db = await openPostgres(url.toString());
  await migrate(db);
  await seedDemo(db, 31);
  await db.close();
  project.provide('deskTemplate', { url: serverUrl, template });
  return async () => {
    const cleanup = await openPostgres(serverUrl);
    await cleanup.exec(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await cleanup.close();
    await stopServer();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
}
