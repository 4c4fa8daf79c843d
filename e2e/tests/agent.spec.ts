import { type Browser, expect, type Page, request, test } from '@playwright/test';
import { agent, api, customer, DESK, expectAccessible, runId, signIn } from '../support';

async function customerTicket(baseURL: string, title: string, body = 'Please help.') {
  const ctx = await api(baseURL, customer);
  const res = await ctx.post('/bff/tickets', { data: { title, body } });
  expect(res.status()).toBe(201);
  const ticket = (await res.json()) as { id: number; number: string };
  await ctx.dispose();
  return ticket;
}

async function agentPage(browser: Browser, baseURL: string, path = '/agent') {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto(path);
  await signIn(page, agent);
  await expect(page).not.toHaveURL(/\/login/);
  return page;
}

test('an agent triages a new ticket: opens it from an overview, takes it and sets its state', async ({
  browser,
  baseURL,
}) => {
  const title = `Triage ${runId()}: VM does not boot`;
  await customerTicket(baseURL as string, title);
  const page = await agentPage(browser, baseURL as string);
  await expect(page.getByRole('heading', { level: 2, name: 'Unassigned & Open Tickets' })).toBeVisible();
  const row = page.getByRole('row', { name: new RegExp(title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')) });
  await expect(row).toBeVisible();
  await expectAccessible(page, 'inbox');
  await row.getByRole('link', { name: title }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expectAccessible(page, 'ticket');

  const panel = page.getByRole('complementary', { name: 'Ticket details' });
  await panel.getByRole('button', { name: 'Assign to me' }).click();
  await expect(panel.getByRole('combobox', { name: 'Owner' })).toHaveValue(/\d+/);
  await expect(panel.getByRole('combobox', { name: 'Owner' }).locator('option:checked')).toHaveText(
    'Alex Agent',
  );
  await panel.getByRole('combobox', { name: 'State', exact: true }).selectOption({ label: 'open' });
  await expect(panel.getByText('State changed.')).toBeVisible();
  await page.reload();
  await expect(
    page
      .getByRole('complementary', { name: 'Ticket details' })
      .getByRole('combobox', { name: 'State', exact: true }),
  ).toHaveValue(await panel.getByRole('combobox', { name: 'State', exact: true }).inputValue());
  await expect(page.getByText(/Alex Agent/).first()).toBeVisible();
  await page.context().close();
});

test('an agent bulk-assigns two tickets to themself', async ({ browser, baseURL }) => {
  const id = runId();
  const one = await customerTicket(baseURL as string, `Bulk ${id} one`);
  const two = await customerTicket(baseURL as string, `Bulk ${id} two`);
  const page = await agentPage(browser, baseURL as string);
  await page.getByRole('checkbox', { name: `Select ticket ${one.number}` }).check();
  await page.getByRole('checkbox', { name: `Select ticket ${two.number}` }).check();
  const bar = page.getByRole('region', { name: 'Bulk actions' });
  await expect(bar).toContainText('2 selected');
  await bar.getByRole('button', { name: 'Assign to me' }).click();
  await expect(bar).toContainText('Assigned to you: 2 tickets changed.');
  // they left "unassigned" and are now the agent's
  await expect(page.getByRole('link', { name: `Bulk ${id} one` })).toHaveCount(0);
  await page
    .getByRole('navigation', { name: 'Overviews' })
    .getByRole('link', { name: /My Assigned Tickets/ })
    .click();
  await expect(page.getByRole('link', { name: `Bulk ${id} one` })).toBeVisible();
  await expect(page.getByRole('link', { name: `Bulk ${id} two` })).toBeVisible();
  await page.context().close();
});

test('a reply reaches the customer, and a draft survives a reload', async ({ browser, baseURL }) => {
  const id = runId();
  const ticket = await customerTicket(baseURL as string, `Reply ${id}`);
  const page = await agentPage(browser, baseURL as string, `/agent/tickets/${ticket.id}`);
  const box = page.getByRole('textbox', { name: 'Reply' });

  await box.fill(`Draft ${id} in progress`);
  await expect(page.getByText('Draft saved.')).toBeVisible();
  await page.reload();
  // The composer is a rich-text editor (contenteditable): its text, not a value.
  await expect(page.getByRole('textbox', { name: 'Reply' })).toHaveText(`Draft ${id} in progress`);

  const reply = `We restarted the service (${id}).`;
  await page.getByRole('textbox', { name: 'Reply' }).fill(reply);
  await page.getByRole('button', { name: 'Send reply' }).click();
  await expect(page.getByText('Reply sent.')).toBeVisible();
  await expect(page.getByRole('listitem', { name: 'Message' }).filter({ hasText: reply })).toBeVisible();
  await page.reload();
  await expect(page.getByRole('textbox', { name: 'Reply' })).toHaveText('');
  await page.context().close();

  const context = await browser.newContext({ baseURL: baseURL as string });
  const portal = await context.newPage();
  await portal.goto(`/tickets/${ticket.id}`);
  await signIn(portal, customer);
  await expect(portal.getByRole('heading', { level: 1, name: `Reply ${id}` })).toBeVisible();
  await expect(portal.getByText(reply)).toBeVisible();
  await context.close();
});

test('hostile markup in a title, an article and a tag never runs for the agent or the customer', async ({
  browser,
  baseURL,
}) => {
  const payloads = [
    '<script>window.__xss=1;alert("script")</script>',
    '<img src=x onerror="window.__xss=1;alert(\'img\')">',
    '<a href="javascript:window.__xss=1;alert(\'link\')">click me</a>',
    '<svg onload="window.__xss=1;alert(\'svg\')"></svg>',
    '<iframe src="javascript:alert(\'iframe\')"></iframe>',
  ];
  const title = `XSS ${runId()} ${payloads[1]}`;
  const ticket = await customerTicket(baseURL as string, title, payloads.join('\n'));

  // An HTML article straight from the helpdesk, as mail would bring it.
  const desk = await request.newContext({
    extraHTTPHeaders: {
      Authorization: `Basic ${Buffer.from(`${agent.login}:${agent.password}`).toString('base64')}`,
    },
  });
  const article = await desk.post(`${DESK}/ticket_articles`, {
    data: {
      ticket_id: ticket.id,
      body: `<p>Hello</p>${payloads.join('')}`,
      content_type: 'text/html',
      type: 'note',
      internal: false,
    },
  });
  expect(article.status()).toBe(201);
  await desk.dispose();
  const tagger = await api(baseURL as string, agent);
  expect(
    (
      await tagger.post(`/bff/tickets/${ticket.id}/tags`, { data: { name: '<img src=x onerror=alert(1)>' } })
    ).status(),
  ).toBe(200);
  await tagger.dispose();

  const check = async (page: Page, path: string) => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    await page.goto(path);
    await expect(page.getByRole('heading', { level: 1 })).toContainText('XSS');
    await page
      .getByText('click me')
      .first()
      .click({ trial: false })
      .catch(() => undefined);
    await page.waitForTimeout(500);
    expect(dialogs).toEqual([]);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  };

  const agentView = await agentPage(browser, baseURL as string, `/agent/tickets/${ticket.id}`);
  await check(agentView, `/agent/tickets/${ticket.id}`);
  // the HTML article is rendered (sanitised), and even with images shown nothing runs
  // (.first(): the customer-notification trigger's internal mail article quotes the reply again)
  await expect(agentView.getByText('Hello', { exact: true }).first()).toBeVisible();
  await agentView.getByRole('button', { name: 'Show images' }).first().click();
  await agentView.waitForTimeout(500);
  expect(await agentView.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
  await expect(agentView.getByText('<img src=x onerror=alert(1)>', { exact: true })).toBeVisible();
  await agentView.context().close();

  const context = await browser.newContext({ baseURL: baseURL as string });
  const portal = await context.newPage();
  await portal.goto('/login');
  await signIn(portal, customer);
  await expect(portal).toHaveURL(/\/$/);
  await check(portal, `/tickets/${ticket.id}`);
  await context.close();
});

test('hostile markup in a person’s name never runs in the inbox, the ticket view or the portal', async ({
  browser,
  baseURL,
}) => {
  const id = runId();
  const hostile = {
    login: `xss-${id}@example.org`,
    password: `Xss-${id}-Pass-AB12`,
    firstname: '<img src=x onerror="window.__xss=1;alert(\'first\')">',
    lastname: '<svg onload="window.__xss=1;alert(\'last\')"></svg>',
  };
  const admin = await request.newContext({
    extraHTTPHeaders: {
      Authorization: `Basic ${Buffer.from('admin@example.org:demo-admin-pass').toString('base64')}`,
    },
  });
  const user = await admin.post(`${DESK}/users`, {
    data: {
      firstname: hostile.firstname,
      lastname: hostile.lastname,
      email: hostile.login,
      password: hostile.password,
      roles: ['Customer'],
    },
  });
  expect(user.status()).toBe(201);
  const customerId = ((await user.json()) as { id: number }).id;
  const title = `XSS name ${id}`;
  const created = await admin.post(`${DESK}/tickets`, {
    data: {
      title,
      group: 'Users',
      customer_id: customerId,
      article: { body: 'Sent for a hostile name.', type: 'note', internal: false },
    },
  });
  expect(created.status()).toBe(201);
  const ticketId = ((await created.json()) as { id: number }).id;
  await admin.dispose();

  const watch = (page: Page) => {
    const dialogs: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    return async () => {
      await page.waitForTimeout(500);
      expect(dialogs).toEqual([]);
      expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    };
  };

  // The agent: the inbox row and the ticket view's side panel show the name as text.
  const inbox = await agentPage(browser, baseURL as string, '/agent');
  const inboxClean = watch(inbox);
  await inbox.goto(`/agent?q=${encodeURIComponent(title)}`);
  await expect(inbox.getByRole('link', { name: title })).toBeVisible();
  await inboxClean();
  await inbox.goto(`/agent/tickets/${ticketId}`);
  await expect(inbox.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(inbox.getByText(hostile.firstname, { exact: false }).first()).toBeVisible();
  await inboxClean();
  await inbox.context().close();

  // The customer with that name, in the portal.
  const context = await browser.newContext({ baseURL: baseURL as string });
  const portal = await context.newPage();
  const portalClean = watch(portal);
  await portal.goto('/login');
  await signIn(portal, hostile);
  await expect(portal).toHaveURL(/\/$/);
  await portal.goto(`/tickets/${ticketId}`);
  await expect(portal.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await portalClean();
  await context.close();
});
