import { expect, request, test } from '@playwright/test';
import { admin, customer, DESK, expectAccessible, runId, shoot, signIn } from '../support';

// Issue 16, path 3: an admin creates a community with its branding, unit and service on the
// agent area's page; its portal at /c/<slug> carries its name and colours and offers only its
// service; a customer's ticket there reaches its unit; an agent of another community cannot
// see it. axe clean on the branded pages.

const basic = (login: string, password: string) =>
  `Basic ${Buffer.from(`${login}:${password}`).toString('base64')}`;

test('a branded community portal takes tickets for its own services into its own unit', async ({
  browser,
  baseURL,
}) => {
  const base = baseURL as string;
  const run = runId();
  const unitA = `Astro Support ${run}`;
  const unitB = `Bio Support ${run}`;
  const serviceA = `Sky Archive ${run}`;
  const serviceB = `Gene Bank ${run}`;
  const slug = `astro-${run}`.toLowerCase();
  const name = `Astronomy ${run}`;
  const agentA = { login: `astro-agent-${run}@example.org`, password: `Astro-${run}-Pass-AB12` };
  const agentB = { login: `bio-agent-${run}@example.org`, password: `Bio-${run}-Pass-AB12` };

  const desk = await request.newContext({
    extraHTTPHeaders: { Authorization: basic(admin.login, admin.password) },
  });
  const post = async (path: string, data: unknown) => {
    const res = await desk.post(`${DESK}${path}`, { data });
    expect(res.status(), `${path}: ${await res.text()}`).toBe(201);
    return (await res.json()) as { id: number };
  };
  const groupA = await post('/groups', { name: unitA });
  const groupB = await post('/groups', { name: unitB });
  await post('/eosc_services', {
    key: `sky-${run}`,
    name: serviceA,
    provider: 'Astro Lab',
    group_id: groupA.id,
  });
  const svcB = await post('/eosc_services', {
    key: `gene-${run}`,
    name: serviceB,
    provider: 'Bio Lab',
    group_id: groupB.id,
  });
  // The other community, with its own agent (working only in its unit).
  const bio = await post('/communities', {
    name: `Biology ${run}`,
    slug: `bio-${run}`.toLowerCase(),
    group_ids: [groupB.id],
    service_ids: [svcB.id],
  });
  const makeAgent = (who: { login: string; password: string }) =>
    post('/users', {
      firstname: 'Community',
      lastname: 'Agent',
      email: who.login,
      login: who.login,
      password: who.password,
      roles: ['Agent'],
    });
  const bioAgent = await makeAgent(agentB);
  const astroAgent = await makeAgent(agentA);
  const members = await desk.put(`${DESK}/communities/${bio.id}/groups/${groupB.id}/members`, {
    data: { user_ids: [bioAgent.id] },
  });
  expect(members.status()).toBe(200);

  await test.step('an admin creates the community, its branding, unit and service in the agent area', async () => {
    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();
    await page.goto('/agent');
    await signIn(page, admin);
    await page.getByRole('link', { name: 'Communities' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Communities' })).toBeVisible();
    await page.getByRole('button', { name: 'Add a community' }).click();
    await page.getByLabel('Name', { exact: true }).fill(name);
    await page.getByLabel('Address (/c/…)').fill(slug);
    await page.getByLabel('Primary colour').fill('#ffd700');
    await page.getByLabel('Accent colour').fill('#003366');
    await page.getByRole('checkbox', { name: unitA }).check();
    await page.getByRole('checkbox', { name: serviceA }).check();
    await expectAccessible(page, 'admin-community-form');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText(`${name} saved.`)).toBeVisible();
    await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText(unitA);
    await context.close();
    // Its unit's agent (community admins do this through the same route).
    const astro = (await (await desk.get(`${DESK}/communities/by_slug/${slug}`)).json()) as { id: number };
    const put = await desk.put(`${DESK}/communities/${astro.id}/groups/${groupA.id}/members`, {
      data: { user_ids: [astroAgent.id] },
    });
    expect(put.status()).toBe(200);
  });

  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  let ticketId = 0;
  await test.step('the portal shows its name and colours, its help center too', async () => {
    await page.goto(`/c/${slug}`);
    await expect(page.getByRole('heading', { level: 1, name })).toBeVisible();
    const banner = page.locator('.community-banner');
    await expect(banner).toContainText(name);
    // Gold banner, black text on it (readable), navy accent underneath.
    await expect(banner).toHaveCSS('background-color', 'rgb(255, 215, 0)');
    await expect(banner).toHaveCSS('color', 'rgb(0, 0, 0)');
    await expect(banner).toHaveCSS('border-bottom-color', 'rgb(0, 51, 102)');
    await expect(page.getByRole('region', { name: 'Our services' })).toContainText(serviceA);
    await expect(page.getByRole('region', { name: 'Our services' })).not.toContainText(serviceB);
    await expectAccessible(page, 'community-home');
    await shoot(page, 'community-home');
    await page.getByRole('link', { name: 'Help center' }).click();
    await expect(page.getByRole('heading', { level: 1, name: `${name} help center` })).toBeVisible();
    await expectAccessible(page, 'community-help');
  });

  await test.step('its new-ticket form offers only its service, and the ticket reaches its unit', async () => {
    await page.getByRole('link', { name: 'New ticket' }).click();
    await signIn(page, customer);
    await expect(page.getByRole('heading', { level: 1, name: 'New ticket' })).toBeVisible();
    await expect(page.locator('.community-banner')).toContainText(name);
    const select = page.getByLabel('Service', { exact: true });
    await expect(select.locator('option')).toHaveText(['Choose a service', `${serviceA} (Astro Lab)`]);
    await select.selectOption({ label: `${serviceA} (Astro Lab)` });
    const title = `Telescope archive down ${run}`;
    await page.getByLabel('Title').fill(title);
    await page.getByLabel('Message').fill('The sky archive returns error 503.');
    await expectAccessible(page, 'community-new-ticket');
    await page.getByRole('button', { name: 'Create ticket' }).click();
    await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();
    ticketId = Number(/\/tickets\/(\d+)/.exec(page.url())?.[1]);
    const asA = await request.newContext({
      extraHTTPHeaders: { Authorization: basic(agentA.login, agentA.password) },
    });
    const ticket = await asA.get(`${DESK}/tickets/${ticketId}`);
    expect(ticket.status()).toBe(200);
    expect(((await ticket.json()) as { group_id: number }).group_id).toBe(groupA.id);
    await asA.dispose();
  });
  await context.close();

  await test.step("an agent of another community cannot see the ticket; the unit's agents can", async () => {
    const asB = await request.newContext({
      extraHTTPHeaders: { Authorization: basic(agentB.login, agentB.password) },
    });
    expect((await asB.get(`${DESK}/tickets/${ticketId}`)).status()).toBe(403);
    await asB.dispose();
    const bContext = await browser.newContext({ baseURL: base });
    const bPage = await bContext.newPage();
    await bPage.goto(`/agent/tickets/${ticketId}`);
    await signIn(bPage, agentB);
    await expect(bPage.getByRole('heading', { level: 1, name: /Forbidden|Not found/ })).toBeVisible();
    await bContext.close();
  });
  await desk.dispose();
});
