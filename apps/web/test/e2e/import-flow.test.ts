import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type RunningApi, startApi } from './harness';
import { signIn } from './sign-in';

// What a person does, over a real socket: the API serving the built page, driven by Chromium.
const screenshot = '/tmp/intake-web.png';

let api: RunningApi;
let browser: Browser;
let page: Page;
let baseUrl: string;

beforeAll(async () => {
  api = await startApi();
  baseUrl = api.baseUrl;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(10_000);
  await signIn(page, baseUrl);
});

afterAll(async () => {
  await browser?.close();
  await api?.close();
});

const order = {
  customer_email: 'ada@example.com',
  currency: 'USD',
  status: 'paid',
  created_at: '2026-01-31T09:30:00Z',
};

async function fillRow(row: number, values: Record<string, string>) {
  for (const [column, value] of Object.entries(values)) {
    await page.getByLabel(`${column}, row ${row}`, { exact: true }).fill(value);
  }
}

const nav = (name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

describe('web app in Chromium', () => {
  it('imports two rows, shows the rejected one with its message, then browses the dataset', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByLabel('Dataset', { exact: true }).selectOption('orders');

    await fillRow(1, { order_id: 'E2E-1', amount: '12.50', ...order });
    await page.getByRole('button', { name: 'Add row' }).click();
    await fillRow(2, { order_id: 'E2E-2', amount: '-5', ...order });

    // Client-side checks warn next to the input but do not block sending.
    const amount2 = page.getByLabel('amount, row 2', { exact: true });
    await page.getByLabel('currency, row 2', { exact: true }).focus();
    expect(await amount2.getAttribute('aria-invalid')).toBe('true');

    await page.getByRole('button', { name: 'Import 2 rows' }).click();
    const sendAnyway = page.getByRole('button', { name: 'Send anyway' });
    await sendAnyway.waitFor();
    await page.screenshot({ path: '/tmp/intake-web-confirm.png' });
    await sendAnyway.click();

    await page.getByText('1 accepted, 1 rejected').waitFor();
    await page.getByRole('cell', { name: 'amount: must be >= 0' }).waitFor();
    // Focus moved to the result and scrolled; from the top the sticky header sits where it should.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshot, fullPage: true });

    // The import is in the history, and its detail page lists the rejected row.
    await page.getByRole('link', { name: 'View import' }).click();
    await page.getByRole('cell', { name: 'amount: must be >= 0' }).waitFor();
    await page.screenshot({ path: '/tmp/intake-web-detail.png' });
    await nav('History');
    await page
      .getByRole('row', { name: /orders/ })
      .first()
      .waitFor();
    await page.screenshot({ path: '/tmp/intake-web-history.png' });

    await nav('Datasets');
    await page.getByRole('link', { name: /Orders/ }).click();
    await page.getByRole('cell', { name: 'E2E-1', exact: true }).waitFor();
    expect(await page.getByRole('cell', { name: 'E2E-2', exact: true }).count()).toBe(0);
    await page.screenshot({ path: '/tmp/intake-web-datasets.png' });

    await page.getByRole('searchbox', { name: 'Search Orders' }).fill('nothing-like-this');
    await page.getByText('No matching rows').waitFor();
  });

  it('takes pasted JSON by keyboard and shows the server refusing a malformed request', async () => {
    await page.goto(`${baseUrl}/`);
    await page.getByLabel('Dataset', { exact: true }).selectOption('contacts');
    // Tabs follow the WAI-ARIA pattern: arrow keys move between them.
    await page.getByRole('tab', { name: 'Grid' }).focus();
    await page.keyboard.press('ArrowRight');
    expect(await page.getByRole('tab', { name: 'Paste JSON' }).getAttribute('aria-selected')).toBe(
      'true',
    );

    const json = page.getByLabel('Rows as JSON');
    await json.fill(
      JSON.stringify([
        { email: 'grace@example.com', name: 'Grace Hopper', country: 'us' },
        { email: 'someone@example.com', name: 'X', colour: 'red' },
      ]),
    );
    await page.getByText('colour: is not a column of contacts', { exact: false }).waitFor();
    await page.getByRole('button', { name: 'Import 2 rows' }).click();
    await page.getByRole('button', { name: 'Send anyway' }).click();
    await page.getByText('1 accepted, 1 rejected').waitFor();

    // A request the server cannot take at all (rows must be objects) is a business error.
    await json.fill('[1]');
    await page.getByRole('button', { name: 'Import 1 row' }).click();
    await page.getByRole('button', { name: 'Send anyway' }).click();
    await page.getByRole('alert').getByText('The request was refused').waitFor();
    await page.screenshot({ path: '/tmp/intake-web-refused.png', fullPage: true });
  });

  it('loads more rows as the end of the table scrolls into view, and searches', async () => {
    const rows = Array.from({ length: 120 }, (_, i) => ({
      email: `person${String(i).padStart(3, '0')}@example.com`,
      name: `Person ${i}`,
    }));
    // Seeded through the same tRPC endpoint the page uses (no transformer: the body is the input),
    // as a program does: with an API token of the same account.
    const seeded = await api.fetch('/trpc/imports.createFromRows', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ dataset: 'contacts', rows }),
    });
    expect(seeded.status).toBe(200);

    await page.goto(`${baseUrl}/datasets/contacts`);
    const bodyRows = page.locator('tbody tr');
    await page.getByRole('cell', { name: 'person000@example.com' }).waitFor();
    expect(await bodyRows.count()).toBe(50);
    for (const expected of [100, 121]) {
      await page.mouse.wheel(0, 20_000);
      await page.waitForFunction(
        (n) => document.querySelectorAll('tbody tr').length === n,
        expected,
      );
    }
    await page.getByText('121 rows, all shown').waitFor();

    await page.getByRole('searchbox', { name: 'Search Contacts' }).fill('grace');
    await page.waitForFunction(() => document.querySelectorAll('tbody tr').length === 1);
    await page.getByRole('cell', { name: 'grace@example.com' }).waitFor();
  });
});
