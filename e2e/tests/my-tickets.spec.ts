import { type APIRequestContext, expect, type Page, request, test } from '@playwright/test';
import { admin, agent, customer, DESK, expectAccessible, runId, shoot } from '../support';

async function noSideScroll(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** The desk's own API with Basic auth, for arranging what the customer will meet. */
async function desk(account: { login: string; password: string }): Promise<APIRequestContext> {
  return request.newContext({
    extraHTTPHeaders: {
      Authorization: `Basic ${Buffer.from(`${account.login}:${account.password}`).toString('base64')}`,
    },
  });
}

/** The BFF as the customer: cookie session plus Origin and CSRF header. */
async function customerApi(baseURL: string): Promise<APIRequestContext> {
  const ctx = await request.newContext({
    baseURL,
    extraHTTPHeaders: { Origin: baseURL, 'X-EOSC-CSRF': '1' },
  });
  expect((await ctx.post('/bff/session', { data: customer })).status()).toBe(200);
  return ctx;
}

async function signIn(page: Page) {
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Login or e-mail').fill(customer.login);
  await page.getByLabel('Password').fill(customer.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('the demo customer finds, closes, reopens and follows their tickets', async ({ page, baseURL }) => {
  test.setTimeout(120_000);
  const run = runId();
  const bff = await customerApi(baseURL as string);
  const open = async (title: string) => {
    const res = await bff.post('/bff/tickets', { data: { title, body: `About ${title}.` } });
    expect(res.status()).toBe(201);
    return (await res.json()) as { id: number; number: string };
  };
  const quota = await open(`Quota ${run} for our project`);
  const waiting = await open(`Dataset ${run} access`);
  await open(`Login ${run} fails sometimes`);
  const agentDesk = await desk(agent);
  const pending = await agentDesk.put(`${DESK}/tickets/${waiting.id}`, {
    data: { state: 'pending reminder', pending_time: new Date(Date.now() + 86_400_000).toISOString() },
  });
  expect(pending.status()).toBe(200);

  await test.step('My tickets: filter by state and search', async () => {
    await page.goto('/');
    await signIn(page);
    await expect(page.getByRole('heading', { level: 1, name: 'My tickets' })).toBeVisible();
    await page
      .getByRole('navigation', { name: 'Filter by state' })
      .getByRole('link', { name: 'Waiting for you' })
      .click();
    await expect(page).toHaveURL(/\?state=waiting$/);
    await expect(page.getByRole('link', { name: `Dataset ${run} access` })).toBeVisible();
    await expect(page.getByRole('link', { name: `Quota ${run} for our project` })).toHaveCount(0);
    await expect(page.getByText('Waiting for your reply').first()).toBeVisible();

    await page
      .getByRole('navigation', { name: 'Filter by state' })
      .getByRole('link', { name: 'All' })
      .click();
    await page.getByRole('searchbox', { name: 'Search your tickets' }).fill(run);
    await expect(page).toHaveURL(new RegExp(`\\?q=${run}$`));
    await expect(page.locator('ul.ticket-list > li')).toHaveCount(3);
    await expect(page.getByText('3 tickets')).toBeVisible();
    await expectAccessible(page, 'my tickets');
    await shoot(page, 'my-tickets-en');
  });

  await test.step('open a ticket, close it (confirmed), reopen it', async () => {
    await page.getByRole('link', { name: `Quota ${run} for our project` }).click();
    await expect(page).toHaveURL(new RegExp(`/tickets/${quota.id}$`));
    await expect(page.getByRole('heading', { level: 1, name: `Quota ${run} for our project` })).toBeVisible();
    await expect(page.getByText('Received', { exact: true })).toBeVisible();
    await page.getByRole('button', { name: 'Close this ticket' }).click();
    await expect(page.getByText('You can reopen it later if the problem comes back.')).toBeVisible();
    await expectAccessible(page, 'confirm close');
    await page.getByRole('button', { name: 'Yes, close it' }).click();
    await expect(page.getByText(/^Solved — closed on /)).toBeVisible();
    await page.getByRole('button', { name: 'Reopen this ticket' }).click();
    await expect(page.getByText("We're working on it", { exact: true })).toBeVisible();
    await expect(page.getByRole('button', { name: 'Close this ticket' })).toBeVisible();
    await expect(page.getByRole('heading', { level: 2, name: 'Reply' })).toBeVisible();
  });

  await test.step("an agent's reply appears without a reload", async () => {
    const marker = await page.evaluate(() => {
      (window as unknown as { __notReloaded: boolean }).__notReloaded = true;
      return true;
    });
    expect(marker).toBe(true);
    const reply = await agentDesk.post(`${DESK}/ticket_articles`, {
      data: {
        ticket_id: quota.id,
        body: `We raised the quota (${run}).`,
        type: 'note',
        internal: false,
      },
    });
    expect(reply.status()).toBe(201);
    await expect(page.getByText(`We raised the quota (${run}).`)).toBeVisible({ timeout: 20_000 });
    expect(await page.evaluate(() => (window as unknown as { __notReloaded?: boolean }).__notReloaded)).toBe(
      true,
    );
    await expectAccessible(page, 'ticket');
    await shoot(page, 'ticket');
  });

  await test.step('a closed ticket of a group that wants a new ticket says so', async () => {
    const adminDesk = await desk(admin);
    const group = await adminDesk.post(`${DESK}/groups`, {
      data: { name: `One-shot ${run}`, follow_up_possible: 'new_ticket' },
    });
    expect(group.status()).toBe(201);
    const groupId = ((await group.json()) as { id: number }).id;
    const oneShotAgent = { login: `oneshot-${run}@example.org`, password: `pass-${run}-long-enough` };
    const user = await adminDesk.post(`${DESK}/users`, {
      data: {
        login: oneShotAgent.login,
        email: oneShotAgent.login,
        firstname: 'One',
        lastname: 'Shot',
        password: oneShotAgent.password,
        roles: ['Agent'],
        group_ids: { [groupId]: ['full'] },
      },
    });
    expect(user.status()).toBe(201);
    const groupDesk = await desk(oneShotAgent);
    const created = await groupDesk.post(`${DESK}/tickets`, {
      data: {
        title: `Closed for good ${run}`,
        group_id: groupId,
        customer: customer.login,
        state: 'closed',
        article: { body: 'Answered and closed.', type: 'note', internal: false },
      },
    });
    expect(created.status()).toBe(201);
    const closedId = ((await created.json()) as { id: number }).id;
    await Promise.all([adminDesk.dispose(), groupDesk.dispose()]);

    await page.goto(`/tickets/${closedId}`);
    await expect(
      page.getByRole('heading', { name: 'This request is closed — open a new ticket' }),
    ).toBeVisible();
    await expect(page.getByRole('button', { name: 'Reopen this ticket' })).toHaveCount(0);
    await expect(page.getByRole('heading', { level: 2, name: 'Reply' })).toHaveCount(0);
    await expect(page.getByRole('link', { name: 'Open a new ticket' })).toHaveAttribute(
      'href',
      /\/tickets\/new/,
    );
    await expectAccessible(page, 'closed, no follow-up');
    await shoot(page, 'ticket-no-follow-up');
    // the desk refuses the reopen too
    const reopen = await bff.patch(`/bff/tickets/${closedId}`, { data: { state: 'open' } });
    expect(reopen.status()).toBe(422);
  });

  await test.step('My tickets at 360 px, in English and German', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    // the three tickets and the closed one of the other group
    await page.goto(`/?q=${run}`);
    await expect(page.locator('ul.ticket-list > li')).toHaveCount(4);
    await noSideScroll(page);
    await expectAccessible(page, 'my tickets 360 en');
    await shoot(page, 'my-tickets-360-en');
    await page.getByRole('combobox', { name: 'Language' }).selectOption('de');
    await expect(page.getByRole('heading', { level: 1, name: 'Meine Tickets' })).toBeVisible();
    await expect(page.getByText('4 Tickets')).toBeVisible();
    await expect(
      page
        .getByRole('navigation', { name: 'Nach Status filtern' })
        .getByRole('link', { name: 'Warten auf Sie' }),
    ).toBeVisible();
    await noSideScroll(page);
    await expectAccessible(page, 'my tickets 360 de');
    await shoot(page, 'my-tickets-360-de');
    await page.getByRole('link', { name: `Quota ${run} for our project` }).click();
    await expect(page.getByRole('button', { name: 'Ticket schließen' })).toBeVisible();
    await noSideScroll(page);
    await shoot(page, 'ticket-360-de');
    await page.getByRole('combobox', { name: 'Sprache' }).selectOption('en');
  });

  await Promise.all([bff.dispose(), agentDesk.dispose()]);
});
