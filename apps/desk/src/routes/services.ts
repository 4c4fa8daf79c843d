import { Hono } from 'hono';
import type { DeskEnv } from '../auth.ts';

export function servicesRoutes() {
  const app = new Hono<DeskEnv>();
  return app;
}
