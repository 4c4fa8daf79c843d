import { type Browser, expect, type Page, test } from '@playwright/test';
import { admin, agent, api, customer, expectAccessible, runId, shoot } from '../support';

// Demo accounts seeded by SEED=demo: two agents (Alex Agent, Ada Admin) and a customer.

async function agentOn(browser: Browser, baseURL: string, account: typeof agent, path: string) {
  const context = await browser.newContext({ baseURL });
  const page = await context.newPage();
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Login or e-mail').fill(account.login);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  return page;
}

/** The composer's text box, whatever editor it is (textarea or rich text). */
const composerBox = (page: Page) => page.getByRole('textbox', { name: /^(Reply|Internal note)/ }).first();

test('two agents on one ticket see each other viewing and typing; the side panel shows its surroundings', async ({
  browser,
  baseURL,
}) => {
  const base = baseURL as string;
  const id = runId();
  const ctx = await api(base, customer);
  const made: { id: number; number: string; title: string }[] = [];
  for (const title of [`Older ${id}: quota`, `Related ${id}: storage`, `Collision ${id}: login fails`]) {
    const res = await ctx.post('/bff/tickets', { data: { title, body: 'Please help.' } });
    expect(res.status()).toBe(201);
    made.push({ ...((await res.json()) as { id: number; number: string }), title });
  }
  await ctx.dispose();
  const [older, related, ticket] = made as [(typeof made)[0], (typeof made)[0], (typeof made)[0]];
  const path = `/agent/tickets/${ticket.id}`;

  const alex = await agentOn(browser, base, agent, path);
  const ada = await agentOn(browser, base, admin, path);
  await expect(alex.getByRole('heading', { level: 1, name: ticket.title })).toBeVisible();
  await expect(ada.getByRole('heading', { level: 1, name: ticket.title })).toBeVisible();

  await test.step('each sees the other viewing', async () => {
    const alexBanner = alex.getByRole('status', { name: 'Other agents on this ticket' });
    const adaBanner = ada.getByRole('status', { name: 'Other agents on this ticket' });
    await expect(alexBanner).toContainText('Ada Admin is viewing');
    await expect(adaBanner).toContainText('Alex Agent is viewing');
    await expect(alexBanner).not.toContainText('Alex Agent');
    await expect(alexBanner).toHaveAttribute('aria-live', 'polite');
  });

  await test.step('each sees the other typing in the composer', async () => {
    await composerBox(ada).click();
    await ada.keyboard.type('I am on it');
    await expect(alex.getByText('Ada Admin is typing…')).toBeVisible();
    await composerBox(alex).click();
    await alex.keyboard.type('Me too');
    await expect(ada.getByText('Alex Agent is typing…')).toBeVisible();
    await expectAccessible(alex, 'ticket with another agent typing');
    await shoot(alex, 'collision');
  });

  const panel = alex.getByRole('complementary', { name: 'Ticket details' });

  await test.step("the side panel lists the customer's other tickets", async () => {
    const others = panel.getByRole('region', { name: 'Other tickets of the customer' });
    await expect(others.getByRole('link', { name: `#${older.number} ${older.title}` })).toBeVisible();
    await expect(others.getByRole('link', { name: `#${related.number} ${related.title}` })).toBeVisible();
    await expect(others.getByRole('link', { name: new RegExp(ticket.title) })).toHaveCount(0);
    await expect(panel.getByText('customer@example.org')).toBeVisible();
  });

  await test.step('a ticket is linked by number, with its type', async () => {
    const links = panel.getByRole('region', { name: 'Linked tickets' });
    await links.getByRole('textbox', { name: 'Ticket number to link' }).fill(related.number);
    await links.getByRole('combobox', { name: 'Link type' }).selectOption('child');
    await links.getByRole('button', { name: 'Link' }).click();
    const item = links.getByRole('listitem').filter({ hasText: related.title });
    await expect(item).toContainText('Child');
    await expect(item.getByRole('link', { name: `#${related.number} ${related.title}` })).toHaveAttribute(
      'href',
      `/agent/tickets/${related.id}`,
    );
  });

  await test.step('a state change shows in the history', async () => {
    await panel.getByRole('combobox', { name: 'State' }).selectOption({ label: 'open' });
    await expect(panel.getByText('State changed.')).toBeVisible();
    await panel.getByRole('heading', { name: 'History' }).click();
    await expect(panel.getByText('Alex Agent changed the state from new to open')).toBeVisible();
    await expectAccessible(alex, 'side panel with history');
    await shoot(alex, 'side-panel');
  });

  await test.step('when the other agent leaves, they are gone', async () => {
    await ada.context().close();
    await expect(alex.getByText(/Ada Admin is/)).toHaveCount(0);
  });
  await alex.context().close();
});
