import { readFile } from 'node:fs/promises';
import { deflateSync } from 'node:zlib';
import { type Browser, expect, test } from '@playwright/test';
import { agent, customer, expectAccessible, shoot } from '../support';

// Demo accounts seeded by SEED=demo: two agents (Alex Agent, Ada Admin) and a customer.

async function signedIn(browser: Browser, baseURL: string, account: typeof agent, path: string) {
  const context = await browser.newContext({ baseURL, acceptDownloads: true });
  const page = await context.newPage();
  await page.goto(path);
  await expect(page.getByRole('heading', { level: 1, name: 'Sign in' })).toBeVisible();
  await page.getByLabel('Login or e-mail').fill(account.login);
  await page.getByLabel('Password').fill(account.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await expect(page).toHaveURL(new RegExp(`${path}$`));
  return page;
}

/** A valid 2×2 PNG (red, green / blue, white), built here so the test needs no fixture file. */
function png2x2(): Buffer {
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (buf: Buffer) => {
    let c = 0xffffffff;
    for (const b of buf) c = (crcTable[(c ^ b) & 0xff] as number) ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    body.copy(out, 4);
    out.writeUInt32BE(crc(body), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(2, 0);
  header.writeUInt32BE(2, 4);
  header.set([8, 2, 0, 0, 0], 8);
  const rows = Buffer.from([0, 255, 0, 0, 0, 255, 0, 0, 0, 0, 255, 255, 255, 255]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
const PNG = png2x2();
const REPORT = `run,status\n1,failed\n2,failed\n${'x'.repeat(200_000)}\n`;

test('rich text and files travel from the customer to the agent and back', async ({ browser, baseURL }) => {
  const base = baseURL as string;
  const run = Date.now().toString(36);
  const title = `Export broken ${run}`;

  // The customer writes with bold text, drops a file and picks an image.
  const portal = await signedIn(browser, base, customer, '/tickets/new');
  await expect(portal.getByRole('heading', { level: 1, name: 'New ticket' })).toBeVisible();
  await portal.getByLabel('Title').fill(title);
  const message = portal.getByRole('textbox', { name: 'Message' });
  await message.click();
  await portal.keyboard.type('The export is ');
  await portal.getByRole('button', { name: 'Bold' }).click();
  await portal.keyboard.type('completely broken');
  await portal.getByRole('button', { name: 'Bold' }).click();
  await portal.keyboard.type(' since Monday.');
  await expect(message.locator('strong')).toHaveText('completely broken');

  const drop = await portal.evaluateHandle((content) => {
    const dt = new DataTransfer();
    dt.items.add(new File([content], 'report.csv', { type: 'text/csv' }));
    return dt;
  }, REPORT);
  const zone = portal.locator('.attach');
  await zone.dispatchEvent('dragenter', { dataTransfer: drop });
  await zone.dispatchEvent('drop', { dataTransfer: drop });
  await portal
    .locator('input[type="file"]')
    .setInputFiles({ name: 'screen.png', mimeType: 'image/png', buffer: PNG });
  const files = portal.getByRole('list', { name: 'Attached files' });
  await expect(files.getByRole('button', { name: 'Remove report.csv' })).toBeVisible();
  await expect(files.getByRole('button', { name: 'Remove screen.png' })).toBeVisible();
  // Upload progress has finished: no progress bar left, the last upload announced.
  await expect(files.getByRole('progressbar')).toHaveCount(0);
  await expect(portal.getByRole('status').filter({ hasText: /uploaded\./ })).toHaveCount(1);
  await expectAccessible(portal, 'new-ticket-with-files');
  await shoot(portal, 'new-ticket-with-files');

  await portal.getByRole('button', { name: 'Create ticket' }).click();
  await expect(portal.getByRole('heading', { level: 1, name: title })).toBeVisible();
  await expect(portal).toHaveURL(/\/tickets\/\d+$/);
  const id = Number(portal.url().split('/').pop());
  await expect(portal.getByRole('link', { name: 'Download report.csv' })).toBeVisible();

  // The agent sees the bold text and the files, previews the image and downloads the report.
  const desk = await signedIn(browser, base, agent, `/agent/tickets/${id}`);
  await expect(desk.getByRole('heading', { level: 1, name: title })).toBeVisible();
  const first = desk.getByRole('listitem', { name: 'Message' }).first();
  await expect(first.locator('.article__body strong')).toHaveText('completely broken');
  const preview = first.getByRole('link', { name: 'Open screen.png in full size' }).locator('img');
  await preview.scrollIntoViewIfNeeded();
  await expect
    .poll(() => preview.evaluate((img: HTMLImageElement) => img.complete && img.naturalWidth))
    .toBe(2);
  const [download] = await Promise.all([
    desk.waitForEvent('download'),
    first.getByRole('link', { name: 'Download report.csv' }).click(),
  ]);
  expect(download.suggestedFilename()).toBe('report.csv');
  expect(await readFile(await download.path())).toEqual(Buffer.from(REPORT));

  // The agent replies, mentioning Ada Admin, with a file.
  const composer = desk.getByRole('textbox', { name: 'Reply' });
  await composer.click();
  await desk.keyboard.type('Thanks, I asked @Ada');
  const people = desk.getByRole('listbox', { name: 'People to mention' });
  await expect(people.getByRole('option', { name: '@Ada Admin' })).toBeVisible();
  await desk.keyboard.press('Enter');
  await expect(composer.locator('a[data-mention-user-id]')).toHaveText('@Ada Admin');
  await desk.keyboard.type('to look at it.');
  await desk
    .locator('.composer input[type="file"]')
    .setInputFiles({ name: 'fix.txt', mimeType: 'text/plain', buffer: Buffer.from(`patch for ${run}`) });
  await expect(desk.getByRole('button', { name: 'Remove fix.txt' })).toBeVisible();
  await expectAccessible(desk, 'agent-ticket-with-files');
  await shoot(desk, 'agent-ticket-with-files');
  await desk.getByRole('button', { name: 'Send reply' }).click();
  await expect(desk.getByText('Reply sent.')).toBeVisible();
  const answer = desk.getByRole('listitem', { name: 'Message' }).filter({ hasText: 'to look at it.' });
  await expect(answer.locator('a[data-mention-user-id]')).toHaveText('@Ada Admin');
  await expect(answer.getByRole('link', { name: 'Download fix.txt' })).toBeVisible();
  await desk.context().close();

  // The customer sees the reply and downloads its file.
  await portal.reload();
  const reply = portal.locator('.article').filter({ hasText: 'to look at it.' });
  await expect(reply).toContainText('@Ada Admin');
  const [fix] = await Promise.all([
    portal.waitForEvent('download'),
    reply.getByRole('link', { name: 'Download fix.txt' }).click(),
  ]);
  expect((await readFile(await fix.path())).toString()).toBe(`patch for ${run}`);
  await expectAccessible(portal, 'customer-ticket-with-reply');
  await shoot(portal, 'customer-ticket-with-reply');
  await portal.context().close();
});
