import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { openPglite, openPostgres } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';
import { seedDemo } from '../src/seed/demo.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    deskTemplate: { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string; template: string };
  }
}

/**
 * Builds one migrated, demo-seeded database once per run; each test file gets a copy
 * (a copied PGlite folder, or a PostgreSQL database created from a template).
 */
export default async function setup(project: TestProject) {
  const pgUrl = process.env.DESK_TEST_PG_URL;
  if (project.name === 'desk-pg') {
    if (!pgUrl) throw new Error('the desk-pg project needs DESK_TEST_PG_URL');
    const template = `desk_test_template_${process.pid}`;
    const admin = await openPostgres(pgUrl);
    await admin.exec(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await admin.exec(`CREATE DATABASE ${template}`);
    await admin.close();
    const url = new URL(pgUrl);
    url.pathname = `/${template}`;
    const db = await openPostgres(url.toString());
    await migrate(db);
    await seedDemo(db, 31);
    await db.close();
    project.provide('deskTemplate', { kind: 'postgres', url: pgUrl, template });
    return async () => {
      const cleanup = await openPostgres(pgUrl);
      await cleanup.exec(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await cleanup.close();
    };
  }
  // One template per run, so parallel runs never rebuild each other's.
  const dir = mkdtempSync(join(tmpdir(), 'desk-test-template-'));
  const db = await openPglite(dir);
  await migrate(db);
  await seedDemo(db, 31);
  await db.close();
  project.provide('deskTemplate', { kind: 'pglite', dir });
  return () => rmSync(dir, { recursive: true, force: true });
}
