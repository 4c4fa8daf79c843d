import { expect, test } from '@playwright/test';
import { agent, customer, signIn } from '../support';

// Demo accounts seeded by SEED=demo (see ARCHITECTURE.md).

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

test('a customer asks for help and an agent sees the request', async ({ page }) => {
  const runId = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
  const title = `Journey ${runId}: cannot reach the data portal`;
  const message = `Since this morning the data portal answers 502 (run ${runId}).`;

  // The SPA must run under the BFF's strict CSP and without uncaught errors.
  const problems: string[] = [];
  page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
  page.on('console', (entry) => {
    if (entry.type() === 'error' && /Content Security Policy/i.test(entry.text())) {
      problems.push(`CSP: ${entry.text()}`);
    }
  });

  await test.step('the customer signs in and sees their tickets', async () => {
    await page.goto('/');
    await expect(page).toHaveURL(/\/login$/);
    await signIn(page, customer);
    await expect(page).toHaveURL(/\/$/);
    await expect(page.getByRole('heading', { level: 1, name: 'My tickets' })).toBeVisible();
    await expect(
      page
        .getByRole('main')
        .getByRole('list')
        .or(page.getByRole('status').filter({ hasText: 'no tickets' })),
    ).toBeVisible();
  });

  await test.step('the customer opens a new ticket', async () => {
    await page.getByRole('link', { name: 'New ticket' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'New ticket' })).toBeVisible();
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Message').fill(message);
    await page.getByRole('button', { name: 'Create ticket' }).click();

    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByText(message)).toBeVisible();
    await expect(page).toHaveURL(/\/tickets\/\d+$/);
  });

  await test.step('the new ticket is in the customer’s list', async () => {
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'My tickets' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'My tickets' })).toBeVisible();
    await expect(page.getByRole('link', { name: title })).toBeVisible();
  });

  await test.step('the customer signs out', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  });

  await test.step('the agent signs in and finds the ticket in the inbox', async () => {
    await signIn(page, agent);
    await expect(page).toHaveURL(/\/agent$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Agent inbox' })).toBeVisible();
    const row = page.getByRole('row', { name: new RegExp(escapeRegExp(title)) });
    await expect(row).toBeVisible();
    await row.getByRole('link', { name: title }).click();
  });

  await test.step('the agent reads the customer’s message', async () => {
    await expect(page).toHaveURL(/\/agent\/tickets\/\d+$/);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(page.getByText(message)).toBeVisible();
  });

  expect(problems).toEqual([]);
});
