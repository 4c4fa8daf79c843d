import { Hono } from 'hono';
import type { DeskEnv } from '../auth.ts';

export function objectManagerRoutes() {
  const app = new Hono<DeskEnv>();
  return app;
}
