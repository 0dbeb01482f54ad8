import { randomUUID } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type RunningApi, startApi } from './harness';
import { signIn } from './sign-in';

let api: RunningApi;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  // Seconds instead of minutes, and a latency rule any request breaches: it fires with traffic
  // and resolves 2 s after the last request (the page's own polling does not count).
  api = await startApi({
    HEALTH_BUCKET_SECONDS: '1',
    ALERT_EVALUATION_SECONDS: '1',
    ALERT_RULES: JSON.stringify({
      latency_p99: { threshold: 0, windowSeconds: 2, forSeconds: 0 },
    }),
  });
  browser = await launchChromium();
  page = await (await browser.newContext({ viewport: { width: 1280, height: 900 } })).newPage();
  page.setDefaultTimeout(15_000);
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

/** Known traffic: 20 dataset lists (200) and 5 unknown imports (404), over REST. */
async function traffic() {
  for (let i = 0; i < 20; i++) await (await api.fetch('/api/datasets')).arrayBuffer();
  for (let i = 0; i < 5; i++) await (await api.fetch(`/api/imports/${randomUUID()}`)).arrayBuffer();
}

const fiveMinutesRow = () =>
  page.getByRole('table', { name: 'All requests' }).getByRole('row', { name: /Last 5 min/ });

describe('Health page in Chromium', () => {
  // Two rounds of traffic, an alert firing and resolving: longer than the default budget.
  it('shows latency, errors, QPS, per-procedure figures, live charts and alerts', {
    timeout: 120_000,
  }, async () => {
    await signIn(page, api.baseUrl);
    await traffic();
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Health' })
      .click();
    await page.getByRole('heading', { name: 'Health' }).waitFor();
    await page
      .getByTestId('instances')
      .getByText(/this instance only/i)
      .waitFor();

    // All requests over the last 5 minutes: the 25 above and the sign-in, 5 of them 404.
    const cells = fiveMinutesRow().getByRole('cell');
    const requests = Number((await cells.nth(1).textContent())?.replace(/,/g, ''));
    expect(requests).toBeGreaterThanOrEqual(25);
    expect(await cells.nth(4).textContent()).toMatch(/\d ms|\d s/);
    expect(await cells.nth(6).textContent()).toMatch(/^[1-9][\d.]* %$/);
    expect(await cells.nth(7).textContent()).toBe('0 %');

    // Per procedure: the REST calls are counted as the procedures they run.
    const keys = page.getByRole('table', { name: 'By procedure or route' });
    const list = keys.getByRole('row', { name: /datasets\.list/ }).getByRole('cell');
    // 20 from us, and the page's own after sign-in (the New import page lists datasets).
    expect(Number(await list.nth(1).textContent())).toBeGreaterThanOrEqual(20);
    // The page's own files are one route, not one row per file.
    await keys.getByRole('row', { name: /\/assets\/\*/ }).waitFor();
    expect(await keys.getByRole('row', { name: /\/assets\/[^*]/ }).count()).toBe(0);
    const get = keys.getByRole('row', { name: /imports\.get/ }).getByRole('cell');
    expect(await get.nth(6).textContent()).toBe('100.0 %');
    // The slowest procedures: at most ten, highest P99 first.
    const slowest = page.getByRole('table', { name: 'Slowest procedures' }).getByRole('row');
    await slowest.nth(1).waitFor();
    expect(await slowest.count()).toBeLessThanOrEqual(11);
    await page.getByTestId('import-queue').getByText('0 waiting').waitFor();

    // uPlot draws both charts once its chunk has loaded.
    for (const name of [/Latency P50/, /Requests per second/]) {
      await page.getByRole('img', { name }).locator('canvas').waitFor();
    }

    // The alert fired on that traffic; the page shows it without a reload.
    const rule = page.getByRole('table', { name: 'Alert rules' }).getByRole('row', {
      name: /latency_p99/,
    });
    await rule.getByText('firing', { exact: true }).waitFor();
    await page.screenshot({ path: '/tmp/intake-health-firing.png', fullPage: true });

    // Live: more traffic shows up at the next refresh, then the alert resolves once it stops.
    await traffic();
    await expect
      .poll(
        async () =>
          Number(
            (await fiveMinutesRow().getByRole('cell').nth(1).textContent())?.replace(/,/g, ''),
          ),
        { timeout: 15_000 },
      )
      .toBeGreaterThanOrEqual(requests + 25);
    await rule.getByText('ok', { exact: true }).waitFor();
    const history = page.getByRole('list', { name: 'Recent alerts' });
    await history.getByRole('listitem').filter({ hasText: 'resolved' }).first().waitFor();
    expect(
      await history.getByRole('listitem').filter({ hasText: 'firing' }).count(),
    ).toBeGreaterThan(0);
    await page.screenshot({ path: '/tmp/intake-health.png', fullPage: true });
  });
});
