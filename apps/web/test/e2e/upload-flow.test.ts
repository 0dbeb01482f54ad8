import { createHash } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, CDPSession, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type RunningApi, startApi } from './harness';
import { signIn } from './sign-in';

// The whole file path of a person's day: a 20 MB export dropped into the page, uploaded in tus
// parts while a worker hashes it, paused, resumed, interrupted by a reload and resumed from the
// server's offsets, mapped, imported with live progress, and the error report downloaded.
const screenshot = '/tmp/intake-upload.png';
const rows = 270_000;
// Line numbers count the header as line 1, as the import and errors.csv do.
const invalid = new Map<number, string>([
  [1_000, 'customer_email'],
  [50_000, 'amount'],
  [120_000, 'status'],
  [200_000, 'created_at'],
  [269_999, 'currency'],
]);

let api: RunningApi;
let browser: Browser;
let page: Page;
let dir: string;
let csvPath: string;
let md5: string;
let cdp: CDPSession;

function orderLine(i: number): string {
  const bad = invalid.get(i);
  const email = bad === 'customer_email' ? 'not-an-email' : `buyer${i % 5000}@example.com`;
  const total = bad === 'amount' ? '-3.00' : `${(i % 997) + 1}.${String(i % 100).padStart(2, '0')}`;
  const currency = bad === 'currency' ? 'EURO' : i % 3 === 0 ? 'EUR' : 'USD';
  const status = bad === 'status' ? 'lost' : ['paid', 'pending', 'refunded'][i % 3];
  const date = bad === 'created_at' ? 'yesterday' : '2026-03-14T10:15:00Z';
  return `ORD-${String(i).padStart(7, '0')},${email},${total},${currency},${status},${date}`;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'intake-upload-e2e-'));
  csvPath = join(dir, 'orders-2026.csv');
  const lines = ['Order ID,Customer E-Mail,Total,Currency,Status,Order Date'];
  for (let i = 1; i <= rows; i++) lines.push(orderLine(i));
  const csv = `${lines.join('\n')}\n`;
  await writeFile(csvPath, csv);
  md5 = createHash('md5').update(csv).digest('hex');
  api = await startApi({ IMPORT_BATCH_ROWS: '20000' });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.setDefaultTimeout(20_000);
  await signIn(page, api.baseUrl);
  // Loopback would finish 20 MB before anyone could press Pause: throttle the upload to about
  // 4 MB/s, as a good office uplink.
  cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 5,
    downloadThroughput: -1,
    uploadThroughput: 4 * 1024 * 1024,
  });
  // API start, Chromium and the sign-in, on a loaded 2-core machine.
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const uploadPercent = async () =>
  Number(
    await page.getByRole('progressbar', { name: 'Upload progress' }).getAttribute('aria-valuenow'),
  );

async function waitForUploadPercent(atLeast: number) {
  await page.waitForFunction(
    (min) =>
      Number(
        document.querySelector('[aria-label="Upload progress"]')?.getAttribute('aria-valuenow'),
      ) >= min,
    atLeast,
    { timeout: 30_000 },
  );
}

async function pickFile() {
  await page.getByLabel('Dataset', { exact: true }).selectOption('orders');
  await page.locator('input[type="file"]').setInputFiles(csvPath);
}

describe('upload a file in Chromium', () => {
  it('uploads 20 MB with pause, resume and a reload, maps the columns and imports it', async () => {
    const finalMetadata: string[] = [];
    page.on('request', (request) => {
      const concat = request.headers()['upload-concat'] ?? '';
      if (request.method() === 'POST' && concat.startsWith('final;')) {
        finalMetadata.push(request.headers()['upload-metadata'] ?? '');
      }
    });

    await page.goto(`${api.baseUrl}/`);
    await page
      .getByRole('navigation', { name: 'Main' })
      .getByRole('link', { name: 'Upload file' })
      .click();
    await pickFile();

    // Pause: the bar stops; Resume: it moves on from where it was.
    await waitForUploadPercent(15);
    await page.getByRole('button', { name: 'Pause' }).click();
    await page.getByTestId('upload-phase').getByText('Paused').waitFor();
    const paused = await uploadPercent();
    await page.waitForTimeout(700);
    expect(await uploadPercent()).toBe(paused);
    await page.getByRole('button', { name: 'Resume' }).click();
    await waitForUploadPercent(paused + 10);

    await page.screenshot({ path: '/tmp/intake-upload-progress.png' });

    // A reload loses the page, not the upload: the same file picked again continues.
    await page.reload();
    await pickFile();
    await page.getByText(/were already on the server/).waitFor();

    await page
      .getByTestId('upload-phase')
      .getByText('Uploaded and verified')
      .waitFor({ timeout: 60_000 });
    // The final upload declared the whole file's MD5, as computed by the worker.
    expect(finalMetadata).toHaveLength(1);
    const declared = Object.fromEntries(
      (finalMetadata[0] ?? '').split(',').map((pair) => {
        const [key, value] = pair.split(' ');
        return [key, Buffer.from(value ?? '', 'base64').toString()];
      }),
    );
    expect(declared).toMatchObject({ filename: 'orders-2026.csv', filetype: 'csv', md5 });
    expect(declared.sha256).toMatch(/^[0-9a-f]{64}$/);

    // The proposal maps every header; Total is a known synonym of amount.
    const amount = page.getByLabel('File column for amount');
    await amount.waitFor();
    expect(await amount.inputValue()).toBe('Total');
    expect(await page.getByLabel('File column for created_at').inputValue()).toBe('Order Date');
    expect(await page.getByLabel('File column for order_id').inputValue()).toBe('Order ID');
    await page.getByText(/The first 20 lines are valid/).waitFor();
    // A wrong choice marks the sample's cells at once; putting it back clears them.
    await amount.selectOption('Currency');
    expect(await page.locator('td[data-invalid]').count()).toBe(20);
    await page.locator('td[data-invalid]').first().scrollIntoViewIfNeeded();
    await page.screenshot({ path: '/tmp/intake-upload-mapping.png' });
    await amount.selectOption('Total');
    expect(await page.locator('td[data-invalid]').count()).toBe(0);

    // Sample the import bar while it runs: live progress means values between the ends.
    await page.evaluate(() => {
      const seen = new Set<number>();
      Object.assign(window, { importBarValues: seen });
      setInterval(() => {
        const bar = document.querySelector('[aria-label="Import progress"]');
        if (bar) seen.add(Number(bar.getAttribute('aria-valuenow')));
      }, 50);
    });
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByRole('progressbar', { name: 'Import progress' }).waitFor();
    await page.getByText('Import succeeded').waitFor({ timeout: 60_000 });
    const barValues = await page.evaluate(() => [
      ...(window as unknown as { importBarValues: Set<number> }).importBarValues,
    ]);
    expect(barValues.some((v) => v > 0 && v < 100)).toBe(true);
    const counters = page.getByRole('definition');
    expect(await counters.allInnerTexts()).toEqual(
      expect.arrayContaining([(rows - invalid.size).toLocaleString('en-US'), String(invalid.size)]),
    );
    // From the top, so the sticky header sits where it belongs in the full-page picture.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshot, fullPage: true });

    // The error report link serves every rejected line.
    const report = page.getByRole('link', { name: 'Download error report (CSV)' });
    const href = await report.getAttribute('href');
    // With the page's own session cookie, as the link's download is.
    const response = await page.request.get(new URL(href ?? '', api.baseUrl).href);
    expect(response.status()).toBe(200);
    const text = await response.text();
    for (const [line, field] of invalid)
      expect(text).toMatch(new RegExp(`^${line + 1},${field},`, 'm'));

    await page.getByRole('link', { name: 'View import' }).click();
    await page.getByRole('heading', { name: 'Import into orders' }).waitFor();
  }, 90_000);

  it('cancels an upload: the server deletes the parts and the browser forgets the file', async () => {
    const deletes: Promise<number>[] = [];
    page.on('response', (response) => {
      if (response.request().method() === 'DELETE')
        deletes.push(Promise.resolve(response.status()));
    });
    const partUrls = new Set<string>();
    page.on('request', (request) => {
      if (request.method() === 'PATCH') partUrls.add(request.url());
    });
    await page.goto(`${api.baseUrl}/upload`);
    await pickFile();
    await waitForUploadPercent(10);
    await page.getByRole('button', { name: 'Cancel upload' }).click();
    await page.getByText('Drop a CSV file here').waitFor();

    expect(partUrls.size).toBe(2);
    await expect.poll(() => Promise.all(deletes)).toEqual([204, 204]);
    for (const url of partUrls) {
      const head = await page.request.head(url, { headers: { 'Tus-Resumable': '1.0.0' } });
      expect(head.status()).toBe(404);
    }
    const remembered = await page.evaluate(() =>
      Object.keys(localStorage).filter((key) => key.startsWith('tus::')),
    );
    expect(remembered).toEqual([]);
  }, 90_000);

  it('cancels a running import and says what was kept', async () => {
    // Full loopback speed: this test is about the import, not the upload.
    await cdp.send('Network.emulateNetworkConditions', {
      offline: false,
      latency: 0,
      downloadThroughput: -1,
      uploadThroughput: -1,
    });
    await page.goto(`${api.baseUrl}/upload`);
    await pickFile();
    await page
      .getByTestId('upload-phase')
      .getByText('Uploaded and verified')
      .waitFor({ timeout: 30_000 });
    await page.getByRole('button', { name: 'Start import' }).click();
    await page.getByRole('button', { name: 'Cancel import' }).click();
    await page.getByText('Import cancelled').waitFor({ timeout: 30_000 });
    await page.getByText('The import was cancelled').waitFor();
    await page.getByText(/rows written before the cancel were kept/).waitFor();
    expect(await page.getByRole('button', { name: 'Cancel import' }).count()).toBe(0);
    // A 20 MB upload with hashing, then an import: on a loaded 2-core machine that is more than
    // the default 30 s.
  }, 90_000);
});
