import { expect, test } from '@playwright/test';
import { type MailSink, startMailSink } from '../mail-sink';
import { agent, api, customer, expectAccessible, runId, shoot, signIn } from '../support';

/*
 * Issue 14: an agent changes their notification settings on their profile page, and the next
 * notification mail follows them. The desk's mails reach this spec's SMTP sink.
 */

let sink: MailSink;

test.beforeAll(async () => {
  sink = await startMailSink();
});
test.afterAll(async () => {
  await sink?.close();
});

async function customerTicket(baseURL: string, title: string) {
  const ctx = await api(baseURL, customer);
  const res = await ctx.post('/bff/tickets', { data: { title, body: 'Please help.' } });
  expect(res.status()).toBe(201);
  const ticket = (await res.json()) as { id: number; number: string };
  await ctx.dispose();
  return ticket;
}

test('an agent turns off new-ticket e-mails on their profile, and the next mails follow the setting', async ({
  page,
  baseURL,
}) => {
  const id = runId();
  const newTicketEmail = page.getByRole('checkbox', { name: 'New ticket: E-mail' });
  const save = page.getByRole('button', { name: 'Save notification settings' });

  await test.step('the agent opens their profile from the header', async () => {
    await page.goto('/agent');
    await signIn(page, agent);
    await page.getByRole('link', { name: /My profile and notification settings/ }).click();
    await expect(page).toHaveURL(/\/profile#notifications$/);
    await expect(page.getByRole('heading', { level: 2, name: 'Notifications' })).toBeVisible();
    await expect(page.getByRole('table', { name: 'Notifications per event' })).toBeVisible();
    await expectAccessible(page, 'profile');
    await shoot(page, 'profile-notifications');
  });

  await test.step('turns off e-mail for new tickets and saves', async () => {
    await expect(newTicketEmail).toBeChecked();
    await newTicketEmail.uncheck();
    await save.click();
    await expect(page.getByText('Your notification settings are saved.')).toBeVisible();
    await page.reload();
    await expect(newTicketEmail).not.toBeChecked();
  });

  const quiet = `Quiet ${id}: VPN drops`;
  await test.step('a customer opens a ticket in the agent’s group while the setting is off', async () => {
    await customerTicket(baseURL as string, quiet);
  });

  await test.step('turns new-ticket e-mails back on; the next ticket is mailed, the earlier one never was', async () => {
    await newTicketEmail.check();
    await save.click();
    await expect(page.getByText('Your notification settings are saved.')).toBeVisible();
    const loud = `Loud ${id}: printer offline`;
    const ticket = await customerTicket(baseURL as string, loud);
    // The worker runs jobs in order: once the later ticket's mail is here, the earlier one's job ran.
    const mail = await sink.waitFor(agent.login, (m) => m.subject.includes(loud));
    expect(mail.subject).toBe(`New ticket (${loud}) [Ticket#${ticket.number}]`);
    expect(mail.text).toContain(`/agent/tickets/${ticket.id}`);
    expect(mail.text).toContain('/profile#notifications');
    expect(sink.to(agent.login).filter((m) => m.subject.includes(quiet))).toEqual([]);
  });
});
