import type { TestProject } from 'vitest/node';
import { embeddedDatabaseUrl, spawnDesk } from './desk-process.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    desk: { url: string; token: string };
    /** The desk's PostgreSQL server, where tests of the BFF's shared state (schema bff) run. */
    bffDatabaseUrl: string;
  }
}

/**
 * The BFF is tested against the real desk, run as its own process (apps never import each
 * other): a fresh embedded database with the demo seed, and a service token.
 */
export default async function setup(project: TestProject) {
  const token = 'bff-test-service-token-0123456789abcdef0123';
  const desk = await spawnDesk({ token, name: 'bff-test-desk' });
  const url = desk.url;
  project.provide('desk', { url, token });
  project.provide('bffDatabaseUrl', embeddedDatabaseUrl(desk.dataDir));
  return () => desk.stop();
}
