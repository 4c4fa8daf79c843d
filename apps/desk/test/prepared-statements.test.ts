// Statements prepared by name (issue 15: the desk's short lookups cost PostgreSQL a parse and a
// plan each time otherwise), and what happens when a table they read gains a column meanwhile
// (a custom field added by this or another desk process): nothing fails, nothing runs twice.
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { type Db, openPostgres, StatementNames } from '../src/db/client.ts';

describe('StatementNames', () => {
  it('names a text on its second use, keeps the name, and stops at its limit', () => {
    const names = new StatementNames(2);
    expect(names.nameFor('SELECT 1 WHERE $1')).toBeUndefined();
    const a = names.nameFor('SELECT 1 WHERE $1');
    expect(a).toMatch(/^eosc_0_\d+$/);
    expect(names.nameFor('SELECT 1 WHERE $1')).toBe(a);
    names.nameFor('SELECT 2 WHERE $1');
    const b = names.nameFor('SELECT 2 WHERE $1');
    expect(b).toBeDefined();
    expect(b).not.toBe(a);
    // The limit is reached: a third text stays unnamed however often it runs.
    for (let i = 0; i < 5; i++) expect(names.nameFor('SELECT 3 WHERE $1')).toBeUndefined();
    expect(names.size).toBe(2);
  });

  it('after a reset every text is prepared again under a name never used before', () => {
    const names = new StatementNames();
    names.nameFor('SELECT $1');
    const before = names.nameFor('SELECT $1');
    names.reset();
    expect(names.nameFor('SELECT $1')).toBeUndefined();
    const after = names.nameFor('SELECT $1');
    expect(after).toBeDefined();
    expect(after).not.toBe(before);
  });

  it('a limit of 0 (DESK_PG_PREPARE=0) never names', () => {
    const names = new StatementNames(0);
    for (let i = 0; i < 3; i++) expect(names.nameFor('SELECT $1')).toBeUndefined();
  });
});

describe('prepared statements on a real server', () => {
  let admin: Db;
  /** One connection, so the statements it prepared can be listed. */
  let db: Db;
  /** Another process's pool: it changes the table behind the first one's back. */
  let other: Db;
  let dbName = '';

  beforeAll(async () => {
    const { url } = inject('deskTemplate');
    admin = await openPostgres(url);
    dbName = `desk_prepared_${randomBytes(5).toString('hex')}`;
    await admin.exec(`CREATE DATABASE ${dbName}`);
    const dbUrl = new URL(url);
    dbUrl.pathname = `/${dbName}`;
    const max = process.env.DB_POOL_MAX;
    process.env.DB_POOL_MAX = '1';
    try {
      db = await openPostgres(dbUrl.toString());
    } finally {
      if (max === undefined) delete process.env.DB_POOL_MAX;
      else process.env.DB_POOL_MAX = max;
    }
    other = await openPostgres(dbUrl.toString());
    await other.exec(
      'CREATE TABLE things (id int PRIMARY KEY, a text); CREATE TABLE log (id serial, note text)',
    );
    await other.query('INSERT INTO things (id, a) VALUES (1, $1), (2, $2)', ['one', 'two']);
  });
  afterAll(async () => {
    await db?.close();
    await other?.close();
    await admin?.exec(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await admin?.close();
  });

  const prepared = async () =>
    (await db.query<{ statement: string }>('SELECT statement FROM pg_prepared_statements')).map(
      (r) => r.statement,
    );

  it('a text used twice is prepared on the connection and answers as before', async () => {
    const sql = 'SELECT * FROM things WHERE id = $1';
    expect(await db.query(sql, [1])).toEqual([{ id: 1, a: 'one' }]);
    expect(await prepared()).not.toContain(sql);
    expect(await db.query(sql, [2])).toEqual([{ id: 2, a: 'two' }]);
    expect(await prepared()).toContain(sql);
    expect(await db.query(sql, [1])).toEqual([{ id: 1, a: 'one' }]);
  });

  it('a text without parameters is prepared too, unless it holds several statements', async () => {
    const single = 'SELECT id, a FROM things ORDER BY id';
    await db.query(single);
    expect(await db.query(single)).toEqual([
      { id: 1, a: 'one' },
      { id: 2, a: 'two' },
    ]);
    expect(await prepared()).toContain(single);
    const several = 'SELECT 1 AS x; SELECT 2 AS y';
    await db.query(several);
    await db.query(several);
    expect(await prepared()).not.toContain(several);
  });

  it('a column added by another process: the prepared SELECT * answers with it, no error', async () => {
    const sql = 'SELECT * FROM things WHERE id = $1 AND $2::int = 1';
    await db.query(sql, [1, 1]);
    await db.query(sql, [1, 1]);
    expect(await prepared()).toContain(sql);
    await other.exec("ALTER TABLE things ADD COLUMN b text DEFAULT 'bee'");
    expect(await db.query(sql, [1, 1])).toEqual([{ id: 1, a: 'one', b: 'bee' }]);
    // And the text is prepared again (under a new name) afterwards.
    await db.query(sql, [2, 1]);
    expect(await db.query(sql, [2, 1])).toEqual([{ id: 2, a: 'two', b: 'bee' }]);
  });

  it('inside a transaction the refused statement reruns the transaction once: its writes land once', async () => {
    const sql = 'SELECT * FROM things WHERE id = $1 AND $2::int = 2';
    await db.query(sql, [1, 2]);
    await db.query(sql, [1, 2]);
    expect(await prepared()).toContain(sql);
    await other.exec("ALTER TABLE things ADD COLUMN c text DEFAULT 'sea'");
    let runs = 0;
    const row = await db.tx(async (tx) => {
      runs++;
      await tx.query('INSERT INTO log (note) VALUES ($1)', ['in the transaction']);
      return (await tx.query(sql, [1, 2]))[0];
    });
    expect(runs).toBe(2);
    expect(row).toEqual({ id: 1, a: 'one', b: 'bee', c: 'sea' });
    expect(await other.query("SELECT count(*)::int AS n FROM log WHERE note = 'in the transaction'")).toEqual(
      [{ n: 1 }],
    );
  });

  it('a refusal that the transaction swallows still reruns it (its COMMIT rolled back)', async () => {
    const sql = 'SELECT * FROM things WHERE id = $1 AND $2::int = 3';
    await db.query(sql, [1, 3]);
    await db.query(sql, [1, 3]);
    await other.exec('ALTER TABLE things ADD COLUMN d int DEFAULT 4');
    let runs = 0;
    await db.tx(async (tx) => {
      runs++;
      await tx.query('INSERT INTO log (note) VALUES ($1)', ['swallowed']);
      await tx.query(sql, [1, 3]).catch(() => undefined);
    });
    expect(runs).toBe(2);
    expect(await other.query("SELECT count(*)::int AS n FROM log WHERE note = 'swallowed'")).toEqual([
      { n: 1 },
    ]);
  });
});
