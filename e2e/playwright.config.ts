import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, devices } from '@playwright/test';

const repoRoot = fileURLToPath(new URL('..', import.meta.url));
// E2E_PORT / E2E_DESK_PORT let two runs share a machine (each gets its own data folder).
const port = Number(process.env.E2E_PORT ?? 18280);
const deskPort = Number(process.env.E2E_DESK_PORT ?? 13200);
const baseURL = `http://127.0.0.1:${port}`;
const smtpPort = Number(process.env.E2E_SMTP_PORT ?? 12525);

export default defineConfig({
  testDir: './tests',
  outputDir: process.env.E2E_ARTIFACTS ?? './artifacts',
  workers: 1,
  fullyParallel: false,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [['list'], ['html', { outputFolder: 'playwright-report', open: 'never' }]],
  use: {
    baseURL,
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-quic',
      ],
    },
  },
  projects: [{ name: 'chromium', use: { ...devices['Desktop Chrome'] } }],
  webServer: {
    // Playwright starts webServer before globalSetup, so a globalSetup would wipe the data
    // folder under a running server. The wipe is the first step of the command instead:
    // every run starts from an empty DATA_DIR and gets the demo seed.
    command: `node -e "require('node:fs').rmSync(process.env.DATA_DIR, { recursive: true, force: true })" && node scripts/start.mjs`,
    cwd: repoRoot,
    env: {
      PORT: String(port),
      DESK_PORT: String(deskPort),
      DATA_DIR: path.join(repoRoot, '.tmp', `e2e-data-${port}`),
      SEED: 'demo',
      // The journeys count the demo's tickets; the reports' year of history would change them.
      DESK_DEMO_HISTORY: '0',
      // accounts.spec.ts listens on this port for the desk's sign-up and password-reset mails.
      SMTP_URL: `smtp://127.0.0.1:${smtpPort}`,
      // The desk's own SMTP listener (mail to the support addresses), away from npm start's 2525.
      MAIL_PORT: process.env.E2E_MAIL_PORT ?? String(deskPort + 25),
      PUBLIC_URL: baseURL,
      START_SKIP_INSTALL: '1',
      START_SKIP_BUILD: '0',
      // service-levels.spec.ts moves the desk's clock (PUT /api/v1/eosc_test_clock as admin).
      DESK_TEST_CLOCK: '1',
    },
    url: `${baseURL}/bff/health`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    stderr: 'pipe',
    gracefulShutdown: { signal: 'SIGTERM', timeout: 10_000 },
  },
});
