import { expect, request, test } from '@playwright/test';
import { admin, api, customer, DESK, expectAccessible, runId, shoot, signIn } from '../support';

// An admin builds a trigger in the agent area; the next matching ticket is changed by it.

test('an admin creates a trigger, and a new ticket gets its tag and priority', async ({
  browser,
  baseURL,
}) => {
  const run = runId();
  const marker = `vpn-${run}`;
  const tag = `network-${run}`;
  const base = baseURL as string;
  const name = `Tag VPN tickets ${run}`;

  const context = await browser.newContext({ baseURL: base });
  const page = await context.newPage();
  await page.goto('/agent');
  await signIn(page, admin);
  await expect(page.getByRole('heading', { level: 1, name: 'Agent inbox' })).toBeVisible();

  await test.step('the admin creates the trigger: title contains the marker → add a tag, set priority high', async () => {
    await page
      .getByRole('navigation', { name: 'Administration' })
      .getByRole('link', { name: 'Triggers' })
      .click();
    await expect(page.getByRole('heading', { level: 1, name: 'Triggers' })).toBeVisible();
    await expect(page.getByRole('row', { name: /auto reply \(on new tickets\)/ })).toBeVisible();
    await page.getByRole('button', { name: 'New trigger' }).click();
    const form = page.getByRole('form', { name: 'New trigger' });
    await form.getByRole('textbox', { name: 'Name' }).fill(name);
    await form.getByRole('button', { name: 'Add condition' }).click();
    await form.getByRole('combobox', { name: 'Condition 1: Attribute' }).selectOption({ label: 'Title' });
    await form.getByRole('combobox', { name: 'Condition 1: Operator' }).selectOption({ label: 'contains' });
    await form.getByRole('textbox', { name: 'Condition 1: Value' }).fill(marker);
    // No open ticket carries the marker yet.
    await expect(form.getByText('0 open tickets match the ticket conditions now.')).toBeVisible();
    await form.getByRole('combobox', { name: 'Set priority' }).selectOption('3');
    await form.getByRole('textbox', { name: 'Add tags' }).fill(tag);
    await expectAccessible(page, 'admin-trigger-form');
    await shoot(page, 'admin-trigger-form');
    await form.getByRole('button', { name: 'Save' }).click();
    await expect(page.getByText(`“${name}” saved.`)).toBeVisible();
    await expect(page.getByRole('row', { name: new RegExp(name) })).toContainText('Active');
  });

  let ticket: { id: number; number: string };
  await test.step('a customer opens a ticket whose title holds the marker', async () => {
    const cust = await api(base, customer);
    const res = await cust.post('/bff/tickets', {
      data: { title: `VPN drops every hour ${marker}`, body: 'The VPN connection drops.' },
    });
    expect(res.status()).toBe(201);
    ticket = (await res.json()) as { id: number; number: string };
    await cust.dispose();
  });

  await test.step('the ticket has the tag and high priority, as the helpdesk and the agent view show', async () => {
    const desk = await request.newContext({
      extraHTTPHeaders: {
        Authorization: `Basic ${Buffer.from(`${admin.login}:${admin.password}`).toString('base64')}`,
      },
    });
    const tags = (await (await desk.get(`${DESK}/tags?object=Ticket&o_id=${ticket.id}`)).json()) as {
      tags: string[];
    };
    expect(tags.tags).toContain(tag);
    const stored = (await (await desk.get(`${DESK}/tickets/${ticket.id}`)).json()) as { priority_id: number };
    expect(stored.priority_id).toBe(3);
    await desk.dispose();

    await page.goto(`/agent/tickets/${ticket.id}`);
    await expect(page.getByText(tag).first()).toBeVisible();
  });

  await test.step('the preview now lists the ticket, and the admin deletes the trigger', async () => {
    await page.goto('/agent/admin/triggers');
    const row = page.getByRole('row', { name: new RegExp(name) });
    await row.getByRole('button', { name: `Edit ${name}` }).click();
    const form = page.getByRole('form', { name: `Trigger: ${name}` });
    await expect(form.getByText('1 open ticket matches the ticket conditions now.')).toBeVisible();
    await expect(form.getByRole('link', { name: new RegExp(`#${ticket.number}`) })).toBeVisible();
    await form.getByRole('button', { name: 'Cancel' }).click();
    page.once('dialog', (d) => void d.accept());
    await page.getByRole('button', { name: `Delete ${name}` }).click();
    await expect(page.getByText(`“${name}” deleted.`)).toBeVisible();
  });

  await context.close();
});
