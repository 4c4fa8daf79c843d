import AxeBuilder from '@axe-core/playwright';
import { type APIRequestContext, expect, type Page, request, test } from '@playwright/test';

/** Helpers shared by the journeys. */

// Demo accounts seeded by SEED=demo.
export const customer = { login: 'customer@example.org', password: 'demo-customer-pass' };
export const agent = { login: 'agent@example.org', password: 'demo-agent-pass' };
export const admin = { login: 'admin@example.org', password: 'demo-admin-pass' };

/** The desk's API, straight (the Playwright web server starts it on E2E_DESK_PORT). */
export const DESK = `http://127.0.0.1:${process.env.E2E_DESK_PORT ?? 13200}/api/v1`;

/** A short unique suffix, so runs never collide on titles, tags or addresses. */
export const runId = () => `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 7)}`;

/** No serious or critical axe violation on the page as it is now. */
export async function expectAccessible(page: Page, name: string) {
  const results = await new AxeBuilder({ page })
    .withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'])
    .analyze();
  const bad = results.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(
    bad.map((v) => `${name}: ${v.id} (${v.impact}) ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
  ).toEqual([]);
}

/** A full-page screenshot kept as a test artefact. */
export async function shoot(page: Page, name: string) {
  await page.screenshot({ path: test.info().outputPath(`${name}.png`), fullPage: true });
}

/** Signs in on the sign-in page that is showing. */
export async function signIn(page: Page, account: { login: string; password: string }) {
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Login or e-mail').fill(account.login);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

/** The BFF as a signed-in person, for arranging data: cookie session plus Origin and CSRF header. */
export async function api(
  baseURL: string,
  account: { login: string; password: string },
): Promise<APIRequestContext> {
  const ctx = await request.newContext({
    baseURL,
    extraHTTPHeaders: { Origin: baseURL, 'X-EOSC-CSRF': '1' },
  });
  const res = await ctx.post('/bff/session', { data: account });
  expect(res.status()).toBe(200);
  return ctx;
}
