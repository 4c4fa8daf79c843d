import { expect, test } from '@playwright/test';
import { type MailSink, startMailSink } from '../mail-sink';
import { admin, api, customer, expectAccessible, runId, shoot, signIn } from '../support';

// Issue 16, path 2: an admin makes a service redirect to its provider's list; a customer picks
// it, is told before submitting where the request will go, submits, and sees it forwarded; the
// list (the e2e mail sink) receives it with the ticket number.

let sink: MailSink;
test.beforeAll(async () => {
  sink = await startMailSink();
});
test.afterAll(async () => {
  await sink?.close();
});

test('a request about a redirect service is forwarded to the provider’s list, and the customer sees where', async ({
  browser,
  baseURL,
}) => {
  const base = baseURL as string;
  const run = runId();
  const name = `Data Stewardship Wizard ${run}`;
  const list = `dsw-${run}@lists.provider.example`;

  await test.step('the service exists (direct), and an admin switches it to redirect on the catalogue page', async () => {
    const adm = await api(base, admin);
    const made = await adm.post('/bff/agent/admin/services', {
      data: { key: `dsw-${run}`, name, provider: 'DSW Team', community: 'ELIXIR' },
    });
    expect(made.status()).toBe(201);
    await adm.dispose();

    const context = await browser.newContext({ baseURL: base });
    const page = await context.newPage();
    await page.goto('/agent');
    await signIn(page, admin);
    await page.getByRole('link', { name: 'Service catalogue' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Service catalogue' })).toBeVisible();
    await page.getByRole('button', { name: `Edit ${name}` }).click();
    await page.getByRole('radio', { name: /Redirect to mailing list/ }).check();
    await page.getByRole('textbox', { name: 'Mailing list' }).fill(list);
    await expectAccessible(page, 'admin-service-form');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText(`“${name}” saved.`)).toBeVisible();
    await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Redirect to mailing list');
    await context.close();
  });

  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto('/tickets/new');
  await signIn(page, customer);
  await expect(page.getByRole('heading', { level: 1, name: 'New ticket' })).toBeVisible();
  await page.getByLabel('Service', { exact: true }).selectOption({ label: `${name} (DSW Team)` });
  await expect(
    page.getByText(`Your request will be forwarded to the mailing list of DSW Team (${list})`),
  ).toBeVisible();
  const title = `Plan export fails ${run}`;
  await page.getByLabel('Title').fill(title);
  await page.getByLabel('Message').fill('Exporting my plan as PDF gives an error 500.');
  await expectAccessible(page, 'new-ticket-redirect');
  await page.getByRole('button', { name: 'Create ticket' }).click();
  await expect(page.getByRole('heading', { level: 1, name: title })).toBeVisible();

  const notice = page.getByRole('region', { name: 'Forwarded to the service provider' });
  // The worker sends it within its poll interval; the page follows the ticket's changes.
  await expect(async () => {
    await page.reload();
    await expect(notice).toContainText(`was forwarded to the mailing list of DSW Team (${list})`, {
      timeout: 2_000,
    });
  }).toPass({ timeout: 30_000 });
  await expectAccessible(page, 'ticket-redirected');
  await shoot(page, 'ticket-redirected');

  const mail = await sink.waitFor(list, (m) => m.subject.includes(title), 30_000);
  expect(mail.subject).toMatch(/\[Ticket#\d+\]/);
  expect(mail.text).toContain('Exporting my plan as PDF gives an error 500.');
  await context.close();
});
