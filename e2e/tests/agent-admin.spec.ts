import { expect, test } from '@playwright/test';
import { admin, api, customer, expectAccessible, runId, shoot, signIn } from '../support';

// The demo admin is also an agent and a knowledge-base editor.

test('an admin manages an overview, bulk-merges its tickets and publishes a KB answer', async ({
  browser,
  baseURL,
}) => {
  const run = runId();
  const tag = `eudat-${run}`;
  const base = baseURL as string;

  // Two customer tickets, tagged for the new overview.
  const cust = await api(base, customer);
  const tickets: { id: number; number: string; title: string }[] = [];
  for (const title of [`B2SHARE upload fails ${run}`, `B2SHARE upload still fails ${run}`]) {
    const res = await cust.post('/bff/tickets', { data: { title, body: 'Uploads stop at 99 %.' } });
    expect(res.status()).toBe(201);
    tickets.push({ ...((await res.json()) as { id: number; number: string }), title });
  }
  await cust.dispose();
  const staff = await api(base, admin);
  const tagged = await staff.post('/bff/agent/tickets/bulk-tags', {
    data: { ticket_ids: tickets.map((t) => t.id), add: [tag] },
  });
  expect(tagged.status()).toBe(200);
  await staff.dispose();

  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto('/agent');
  await signIn(page, admin);
  await expect(page.getByRole('heading', { level: 1, name: 'Agent inbox' })).toBeVisible();

  await test.step('the admin creates the overview "EUDAT incidents" with a tag condition', async () => {
    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Manage overviews' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Overviews' })).toBeVisible();
    await expectAccessible(page, 'admin-overviews');
    await shoot(page, 'admin-overviews');
    await page.getByRole('button', { name: 'New overview' }).click();
    const form = page.getByRole('form', { name: 'New overview' });
    await form.getByRole('textbox', { name: 'Name' }).fill('EUDAT incidents');
    await form.getByRole('button', { name: 'Add condition' }).click();
    await form.getByRole('combobox', { name: 'Condition 1: Attribute' }).selectOption({ label: 'Tags' });
    await form.getByRole('textbox', { name: 'Condition 1: Value' }).fill(tag);
    await expectAccessible(page, 'admin-overview-form');
    await shoot(page, 'admin-overview-form');
    await form.getByRole('button', { name: 'Save overview' }).click();
    await expect(page.getByText('Overview “EUDAT incidents” saved.')).toBeVisible();
    await expect(page.getByRole('row', { name: /EUDAT incidents/ })).toBeVisible();
  });

  await test.step('it shows in the inbox sidebar with the right count', async () => {
    await page.getByRole('link', { name: 'Back to the inbox' }).click();
    await expect(
      page
        .getByRole('navigation', { name: 'Overviews' })
        .getByRole('link', { name: /^EUDAT incidents\s*, 2 tickets$/ }),
    ).toBeVisible();
  });

  await test.step('the admin edits it: open tickets only, newest first', async () => {
    await page.getByRole('link', { name: 'Manage overviews' }).click();
    await page.getByRole('button', { name: 'Edit EUDAT incidents' }).click();
    const form = page.getByRole('form', { name: 'Edit overview “EUDAT incidents”' });
    await expect(form.getByRole('textbox', { name: 'Condition 1: Value' })).toHaveValue(tag);
    await form.getByRole('textbox', { name: 'Name' }).fill('EUDAT incidents (open)');
    await form.getByRole('button', { name: 'Add condition' }).click();
    await form.getByRole('combobox', { name: 'Condition 2: Attribute' }).selectOption({ label: 'State' });
    await form
      .getByRole('listbox', { name: 'Condition 2: Value' })
      .selectOption([{ label: 'new' }, { label: 'open' }]);
    await form.getByRole('combobox', { name: /^Direction/ }).selectOption('DESC');
    await form.getByRole('button', { name: 'Save overview' }).click();
    await expect(page.getByText('Overview “EUDAT incidents (open)” saved.')).toBeVisible();
  });

  await test.step('the admin bulk-merges the two tickets', async () => {
    await page.getByRole('link', { name: 'Back to the inbox' }).click();
    await page.getByRole('link', { name: /^EUDAT incidents \(open\)\s*, 2 tickets$/ }).click();
    await expect(page.getByRole('heading', { level: 2, name: 'EUDAT incidents (open)' })).toBeVisible();
    for (const t of tickets) await page.getByRole('checkbox', { name: `Select ticket ${t.number}` }).check();
    await page.getByRole('button', { name: 'Merge into…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Merge tickets' });
    const [source, target] = tickets as [(typeof tickets)[0], (typeof tickets)[0]];
    await dialog.getByRole('radio', { name: new RegExp(`#${target.number}`) }).check();
    await expectAccessible(page, 'merge-dialog');
    await shoot(page, 'merge-dialog');
    await dialog.getByRole('button', { name: `Merge 1 into #${target.number}` }).click();
    await expect(page.getByText(`1 ticket merged into #${target.number}.`)).toBeVisible();
    await expect(page.getByRole('link', { name: /^EUDAT incidents \(open\)\s*, 1 ticket$/ })).toBeVisible();
    await expect(page.getByRole('checkbox', { name: `Select ticket ${source.number}` })).toHaveCount(0);
  });

  const answerTitle = `B2DROP quota ${run}`;
  await test.step('the admin writes a KB answer and publishes it', async () => {
    await page.getByRole('link', { name: 'Knowledge base editor' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Knowledge base editor' })).toBeVisible();
    const tree = page.getByRole('navigation', { name: 'Categories' });
    await tree.getByRole('link', { name: 'Getting started with EOSC' }).click();
    await expect(page.getByRole('heading', { name: 'Answers in “Getting started with EOSC”' })).toBeVisible();
    await expectAccessible(page, 'kb-editor');
    await shoot(page, 'kb-editor');
    await page.getByRole('link', { name: 'New answer' }).click();
    const form = page.getByRole('form', { name: 'New answer' });
    const english = form.getByRole('group', { name: 'English version' });
    await english.getByRole('textbox', { name: 'Title' }).fill(answerTitle);
    await english
      .getByRole('textbox', { name: 'Text (English)' })
      .fill(`Ask for more quota${run} in the portal.`);
    await expectAccessible(page, 'kb-answer-editor');
    await form.getByRole('button', { name: 'Publish' }).click();
    const edit = page.getByRole('form', { name: 'Edit answer' });
    await expect(edit.getByText('State: Published')).toBeVisible();
    await expect(edit.getByRole('link', { name: 'View the public page (English)' })).toBeVisible();
    await shoot(page, 'kb-answer-published');
  });
  await context.close();

  await test.step('an anonymous visitor finds it in the help center search', async () => {
    const visitor = await browser.newContext({ baseURL: base });
    const anon = await visitor.newPage();
    await anon.goto(`/help/search?q=quota${run}`);
    const result = anon.getByRole('link', { name: answerTitle });
    await expect(result).toBeVisible();
    await result.click();
    await expect(anon.getByRole('heading', { level: 1, name: answerTitle })).toBeVisible();
    await visitor.close();
  });
});
