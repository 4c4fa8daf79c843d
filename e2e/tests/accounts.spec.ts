import { expect, type Page, test } from '@playwright/test';
import { simpleParser } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { expectAccessible, shoot } from '../support';

// The web server runs with SMTP_URL=smtp://127.0.0.1:<E2E_SMTP_PORT> (playwright.config.ts):
// this spec is the mail server, keeping what the desk sends.
const SMTP_PORT = Number(process.env.E2E_SMTP_PORT ?? 12525);

interface Mail {
  to: string;
  subject: string;
  text: string;
}

const inbox: Mail[] = [];
let smtp: SMTPServer;

test.beforeAll(async () => {
  smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((m) => {
          const to = Array.isArray(m.to) ? m.to[0] : m.to;
          inbox.push({ to: to?.value[0]?.address ?? '', subject: m.subject ?? '', text: m.text ?? '' });
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((ok, fail) => {
    smtp.server.once('error', fail);
    smtp.listen(SMTP_PORT, '127.0.0.1', ok);
  });
});

test.afterAll(async () => {
  await new Promise<void>((ok) => smtp.close(() => ok()));
});

/** The link in the newest mail to `address` whose path starts with `path`. */
async function mailedLink(address: string, path: string): Promise<string> {
  let link: string | undefined;
  await expect
    .poll(
      () => {
        const mail = inbox.filter((m) => m.to === address).at(-1);
        link = mail?.text.match(new RegExp(`https?://\\S+${path}[A-Za-z0-9_-]+`))?.[0];
        return link;
      },
      { message: `a mail to ${address} with a ${path} link`, timeout: 15_000 },
    )
    .toBeTruthy();
  return link as string;
}

async function signIn(page: Page, login: string, password: string) {
  await page.getByLabel('Login or e-mail').fill(login);
  await page.getByLabel('Password', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

test('a new user signs up, confirms the mailed link and sees an empty My tickets', async ({ page }) => {
  const email = `newcomer-${Date.now()}@example.org`;
  const password = 'NewcomerPass12';

  await test.step('the sign-in page leads to the sign-up form', async () => {
    await page.goto('/login');
    await expectAccessible(page, 'login');
    await shoot(page, 'login');
    await page.getByRole('link', { name: 'Create an account' }).click();
    await expect(page).toHaveURL(/\/signup$/);
    await expect(page.getByRole('heading', { level: 1, name: 'Create an account' })).toBeVisible();
  });

  await test.step('the form guides and refuses a weak password before sending', async () => {
    await page.getByLabel(/^First name/).fill('Nia');
    await page.getByLabel(/^Last name/).fill('Newcomer');
    await page.getByLabel('E-mail address').fill(email);
    await page.getByLabel('Password', { exact: true }).fill('weak');
    await page.getByLabel('Repeat the password').fill('weak');
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByLabel('Password', { exact: true })).toHaveAttribute('aria-invalid', 'true');
    await expect(page.getByLabel('Password', { exact: true })).toBeFocused();
    await expectAccessible(page, 'signup');
    await shoot(page, 'signup');
  });

  await test.step('it fits a 360 px screen', async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    expect(overflow).toBeLessThanOrEqual(0);
    await shoot(page, 'signup-360');
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  await test.step('a strong password creates the account, which waits for the mailed link', async () => {
    await page.getByLabel('Password', { exact: true }).fill(password);
    await page.getByLabel('Repeat the password').fill(password);
    await page.getByRole('button', { name: 'Create account' }).click();
    await expect(page.getByRole('heading', { name: 'Check your inbox' })).toBeFocused();
    await expect(page.getByText(`We have sent a confirmation link to ${email}.`)).toBeVisible();
    await expectAccessible(page, 'signup-sent');
    await shoot(page, 'signup-sent');

    await page.goto('/login');
    await signIn(page, email, password);
    await expect(page.getByRole('alert')).toContainText('first open the confirmation link');
  });

  await test.step('the mailed link confirms the address and signs the person in', async () => {
    const link = await mailedLink(email, '/signup/verify/');
    expect(inbox.filter((m) => m.to === email).at(-1)?.subject).toBe('Confirm your EOSC Helpdesk account');
    await page.goto(link);
    await expect(
      page.getByText('Your e-mail address is confirmed and you are signed in. Welcome, Nia Newcomer!'),
    ).toBeVisible();
    await expectAccessible(page, 'signup-verified');
    await shoot(page, 'signup-verified');
    await page.getByRole('link', { name: 'Continue to my tickets' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'My tickets' })).toBeVisible();
    await expect(page.getByText('You have no tickets yet.')).toBeVisible();
  });

  await test.step('the link works once; signing in again uses the new password', async () => {
    await page.getByRole('button', { name: 'Sign out' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
    await signIn(page, email, password);
    await expect(page.getByRole('heading', { level: 1, name: 'My tickets' })).toBeVisible();
    await expect(page.getByText('You have no tickets yet.')).toBeVisible();
    await expectAccessible(page, 'my-tickets-empty');
    await shoot(page, 'my-tickets-empty');
  });
});

test('a user resets a forgotten password through the mailed link', async ({ page }) => {
  const email = `forgetful-${Date.now()}@example.org`;
  // An account made through the BFF, never confirmed: the reset link proves the address too.
  const created = await page.request.post('/bff/signup', {
    headers: { Origin: new URL(test.info().project.use.baseURL as string).origin, 'X-EOSC-CSRF': '1' },
    data: { firstname: 'Fay', lastname: 'Forgetful', email, password: 'OldPassword123' },
  });
  expect(created.status()).toBe(201);

  await test.step('asking for a link answers the same for anyone', async () => {
    await page.goto('/login');
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'Reset your password' })).toBeVisible();
    await expectAccessible(page, 'password-reset');
    await shoot(page, 'password-reset');
    await page.getByLabel('Login or e-mail address').fill(email);
    await page.getByRole('button', { name: 'Send the link' }).click();
    await expect(page.getByRole('status')).toContainText(`If an account exists for “${email}”`);
    await expectAccessible(page, 'password-reset-sent');
    await shoot(page, 'password-reset-sent');
  });

  await test.step('the mailed link asks for the new password twice', async () => {
    const link = await mailedLink(email, '/password-reset/');
    expect(inbox.filter((m) => m.to === email).at(-1)?.subject).toBe('Reset your EOSC Helpdesk password');
    await page.goto(link);
    await expect(page.getByText(`Choose a new password for ${email}.`)).toBeVisible();
    await page.getByLabel('New password').fill('BrandNewPass45');
    await page.getByLabel('Repeat the password').fill('BrandNewPass46');
    await page.getByRole('button', { name: 'Save the new password' }).click();
    await expect(page.getByText('The two passwords are not the same.')).toBeVisible();
    await expectAccessible(page, 'password-new');
    await shoot(page, 'password-new');
    await page.getByLabel('Repeat the password').fill('BrandNewPass45');
    await page.getByRole('button', { name: 'Save the new password' }).click();
  });

  await test.step('the person signs in with the new password, not the old one', async () => {
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('status')).toContainText('Your password has been changed.');
    await expect(page.getByLabel('Login or e-mail')).toHaveValue(email);
    await page.getByLabel('Password', { exact: true }).fill('OldPassword123');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('alert')).toContainText('Wrong login or password.');
    await page.getByLabel('Password', { exact: true }).fill('BrandNewPass45');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await expect(page.getByRole('heading', { level: 1, name: 'My tickets' })).toBeVisible();
  });

  await test.step('the used link is dead', async () => {
    const link = inbox
      .filter((m) => m.to === email)
      .at(-1)
      ?.text.match(/https?:\/\/\S+\/password-reset\/[\w-]+/)?.[0];
    await page.goto(link as string);
    await expect(page.getByRole('alert')).toContainText(
      'This link is invalid, has already been used or has expired.',
    );
    await expectAccessible(page, 'password-link-dead');
    await shoot(page, 'password-link-dead');
  });
});
