import { expect, type Page, request, test } from '@playwright/test';
import { admin, api, customer, DESK, expectAccessible, runId, shoot, signIn } from '../support';

/*
 * Service levels, end to end: an admin sets a support unit to Advanced in the browser, a
 * top-priority ticket arrives, its badge counts down the Advanced promise (240 working minutes),
 * and the desk's test clock (DESK_TEST_CLOCK=1) moves time on: the owner's bell warns at 75 %
 * and tells the breach, and the badge turns amber, then red, on the desk's clock (the browser's
 * clock does not move).
 *
 * The clock stands still wherever it is set: this journey sets it to a Monday, 09:00 in
 * Brussels (the demo calendar), so "4 working hours" are 4 hours of wall time.
 */

const MONDAY_9_BRUSSELS = '2027-01-04T08:00:00.000Z';

async function deskAsAdmin() {
  return request.newContext({
    extraHTTPHeaders: {
      Authorization: `Basic ${Buffer.from(`${admin.login}:${admin.password}`).toString('base64')}`,
    },
  });
}

test("an Advanced unit's top-priority ticket warns its owner at 75 % and escalates at 100 %", async ({
  browser,
  baseURL,
}) => {
  // Seven pages and three clock moves: more than the default minute on a busy machine.
  test.slow();
  const base = baseURL as string;
  const run = runId();
  const desk = await deskAsAdmin();
  const moveClock = async (data: { now: string } | { advance_minutes: number }) => {
    const res = await desk.put(`${DESK}/eosc_test_clock`, { data });
    expect(res.status(), await res.text()).toBe(200);
  };
  await moveClock({ now: MONDAY_9_BRUSSELS });

  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto('/agent');
  await signIn(page, admin);
  await expect(page.getByRole('heading', { level: 1, name: 'Agent inbox' })).toBeVisible();

  await test.step('the admin sets EUDAT Support to Advanced on the support units page', async () => {
    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Support units' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Support units' })).toBeVisible();
    const row = page.getByRole('row', { name: /EUDAT Support/ });
    await expect(row).toContainText('Medium');
    await expectAccessible(page, 'admin-units');
    await shoot(page, 'admin-units');
    await row.getByRole('button', { name: 'Edit EUDAT Support' }).click();
    const form = page.getByRole('form', { name: 'Support unit: EUDAT Support' });
    await form.getByRole('combobox', { name: 'Level' }).selectOption({ label: 'Advanced' });
    await expectAccessible(page, 'admin-unit-form');
    await shoot(page, 'admin-unit-form');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText('“EUDAT Support” saved.')).toBeVisible();
    await expect(page.getByRole('row', { name: /EUDAT Support/ })).toContainText('Advanced');
  });

  await test.step("the SLAs page shows the desk's Advanced top-priority SLA: 240 minutes", async () => {
    await page.goto('/agent/admin/slas');
    const row = page.getByRole('row', { name: /EOSC QoS Advanced · 4 top priority/ });
    await expect(row).toContainText('QoS: Advanced');
    await expect(row).toContainText('First response 240');
    await shoot(page, 'admin-slas');
  });

  // A customer writes in with top priority; the admin takes the ticket (the owner gets the notices).
  const title = `EUDAT B2SAFE down ${run}`;
  const cust = await api(base, customer);
  const created = await cust.post('/bff/tickets', {
    data: {
      title,
      body: 'Replication has stopped for every collection.',
      group: 'EUDAT Support',
      priority: '4 top priority',
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const ticket = (await created.json()) as { id: number; number: string };
  await cust.dispose();
  const me = (await (await desk.get(`${DESK}/users/me`)).json()) as { id: number };
  const owned = await desk.put(`${DESK}/tickets/${ticket.id}`, { data: { owner_id: me.id } });
  expect(owned.status(), await owned.text()).toBe(200);

  const badge = (p: Page) => p.locator('.ticket-number .due-badge');

  await test.step('the badge shows 4 working hours in the inbox and the ticket view', async () => {
    await page.goto(`/agent?q=${encodeURIComponent(title)}`);
    const row = page.getByRole('row', { name: new RegExp(title) });
    await expect(row.locator('.due-badge')).toHaveText(/4 h left/);
    await expect(row.locator('.due-badge')).toHaveAttribute('data-tone', 'running');
    await page.goto(`/agent/tickets/${ticket.id}`);
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(badge(page)).toHaveText(/4 h left/);
    await expect(badge(page)).toHaveAttribute('data-tone', 'running');
    await expect(badge(page)).toHaveAttribute('title', /first response/i);
    await shoot(page, 'sla-badge-running');
  });

  await test.step('at 12:01 (75 % of the time gone) the owner is warned and the badge is amber', async () => {
    await moveClock({ advance_minutes: 181 });
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(badge(page)).toHaveAttribute('data-tone', 'warning');
    await expect(badge(page)).toHaveText(/59 min left/);
    await page.getByRole('button', { name: /^Notifications/ }).click();
    await expect(
      page
        .getByRole('region', { name: 'Notifications' })
        .getByText(`Ticket #${ticket.number} will escalate soon`),
    ).toBeVisible();
    await shoot(page, 'sla-warning');
    await page.keyboard.press('Escape');
  });

  await test.step('at 13:01 the ticket has escalated: the bell says so and the badge is red', async () => {
    await moveClock({ advance_minutes: 60 });
    await page.reload();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    await expect(badge(page)).toHaveAttribute('data-tone', 'breached');
    await expect(badge(page)).toHaveText(/overdue/);
    await page.getByRole('button', { name: /^Notifications/ }).click();
    await expect(
      page.getByRole('region', { name: 'Notifications' }).getByText(`Ticket #${ticket.number} has escalated`),
    ).toBeVisible();
    await shoot(page, 'sla-breached');
    await page.keyboard.press('Escape');
  });

  await test.step('the jobs page shows the escalation job with its last and next run', async () => {
    await page.goto('/agent/admin/jobs');
    await expect(page.getByRole('heading', { level: 1, name: 'Worker jobs' })).toBeVisible();
    const row = page.locator('tr[data-kind="escalation"]');
    await expect(row.getByRole('button', { name: 'Run escalation now' })).toBeVisible();
    await expect(row.locator('td').first()).not.toHaveText('never');
    await expectAccessible(page, 'admin-jobs');
    await shoot(page, 'admin-jobs');
  });

  await test.step('the admin pages work at 360 px', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto('/agent/admin/calendars');
    await expect(page.getByRole('heading', { level: 1, name: 'Calendars' })).toBeVisible();
    await page.getByRole('button', { name: 'Edit EOSC working hours' }).click();
    const form = page.getByRole('form', { name: 'Calendar: EOSC working hours' });
    await expect(form.getByRole('combobox', { name: 'Time zone' })).toHaveValue('Europe/Brussels');
    await expectAccessible(page, 'admin-calendar-form');
    await shoot(page, 'admin-calendar-phone');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
  });

  await desk.dispose();
  await context.close();
});
