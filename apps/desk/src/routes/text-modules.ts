import { Hono } from 'hono';
import type { DeskEnv } from '../auth.ts';

export function textModulesRoutes() {
  const app = new Hono<DeskEnv>();
  return app;
}
