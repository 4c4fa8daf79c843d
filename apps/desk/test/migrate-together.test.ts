// Several desk processes starting on one empty database (issue 15: N desks behind a load
// balancer) migrate it once: they take turns under an advisory lock.
import { randomBytes } from 'node:crypto';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { expect, inject, it } from 'vitest';
import { openPostgres } from '../src/db/client.ts';
import { migrate } from '../src/db/migrate.ts';

it('two processes migrating one empty database at once apply each migration once', async () => {
  const { url } = inject('deskTemplate');
  const name = `desk_migrate_${randomBytes(5).toString('hex')}`;
  const admin = await openPostgres(url);
  await admin.exec(`CREATE DATABASE ${name}`);
  const dbUrl = new URL(url);
  dbUrl.pathname = `/${name}`;
  // Two pools: two processes' worth of connections.
  const [a, b] = await Promise.all([openPostgres(dbUrl.toString()), openPostgres(dbUrl.toString())]);
  try {
    const files = readdirSync(join(import.meta.dirname, '..', 'src', 'db', 'migrations'))
      .filter((f) => f.endsWith('.sql'))
      .sort();
    const [first, second] = await Promise.all([migrate(a), migrate(b)]);
    // One of them applied everything, the other found it done.
    expect([...first, ...second].sort()).toEqual(files);
    expect([first.length, second.length].sort((x, y) => x - y)).toEqual([0, files.length]);
    const rows = await a.query<{ name: string }>('SELECT name FROM schema_migrations ORDER BY name');
    expect(rows.map((r) => r.name)).toEqual(files);
    expect(await migrate(b)).toEqual([]);
  } finally {
    await a.close();
    await b.close();
    await admin.exec(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.close();
  }
});
