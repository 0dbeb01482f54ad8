import { createHmac, timingSafeEqual } from 'node:crypto';
import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, type RunningApi, startApi } from './harness';
import { signIn } from './sign-in';

const screenshot = '/tmp/intake-webhooks.png';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A customer's receiver: fails its first two calls with 500, then answers 200. */
async function startReceiver(): Promise<{ url: string; calls: Received[]; server: Server }> {
  const calls: Received[] = [];
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    calls.push({ headers: req.headers, body });
    const failing = calls.length <= 2;
    res.writeHead(failing ? 500 : 200, { 'content-type': 'text/plain' });
    res.end(failing ? `receiver busy (call ${calls.length})` : 'thanks');
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hooks/intake`, calls, server };
}

/** Standard Webhooks: v1,base64(HMAC-SHA256(key, `${id}.${timestamp}.${body}`)), key after whsec_. */
function signatureMatches(secret: string, call: Received): boolean {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  const signed = `${call.headers['webhook-id']}.${call.headers['webhook-timestamp']}.${call.body}`;
  const expected = createHmac('sha256', key).update(signed).digest();
  const header = String(call.headers['webhook-signature'] ?? '');
  return header.split(' ').some((entry) => {
    const [version, value] = entry.split(',');
    const given = Buffer.from(value ?? '', 'base64');
    return version === 'v1' && given.length === expected.length && timingSafeEqual(given, expected);
  });
}

let api: RunningApi;
let receiver: Awaited<ReturnType<typeof startReceiver>>;
let browser: Browser;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  receiver = await startReceiver();
  // The receiver is on loopback, which the SSRF guard refuses unless allowed; short backoff and
  // two attempts make the delivery fail for good within a second.
  api = await startApi({
    WEBHOOK_ALLOW_PRIVATE: 'true',
    WEBHOOK_BACKOFF_MS: '50',
    WEBHOOK_MAX_ATTEMPTS: '2',
  });
  browser = await launchChromium();
  context = await browser.newContext({
    viewport: { width: 1280, height: 900 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  page = await context.newPage();
  page.setDefaultTimeout(10_000);
  await signIn(page, api.baseUrl);
  // API start, Chromium and the sign-in, on a loaded 2-core machine.
}, 120_000);

afterAll(async () => {
  await browser?.close();
  await api?.close();
  receiver?.server.close();
});

const nav = (name: string) =>
  page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name }).click();

describe('webhooks page in Chromium', () => {
  it('registers an endpoint, shows its secret once, and re-sends a failed delivery', async () => {
    await page.goto(`${api.baseUrl}/`);
    await nav('Webhooks');
    await page.getByText('No endpoints yet').waitFor();
    await page.getByText('No deliveries yet').waitFor();

    // The server's zod schema checks the form before anything is sent.
    const form = page.getByRole('form', { name: 'New endpoint' });
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    await form.getByText('Must be an http(s) URL').waitFor();
    expect(await form.getByLabel('URL').getAttribute('aria-invalid')).toBe('true');

    await form.getByLabel('URL').fill(receiver.url);
    await form.getByRole('checkbox', { name: /import\.failed/ }).uncheck();
    await form.getByLabel('Description (optional)').fill('Billing system');
    await form.getByRole('button', { name: 'Add endpoint' }).click();

    // The secret, once, with focus on it and a working copy button.
    const panel = page.getByRole('region', { name: /copy its signing secret now/ });
    await panel.getByText('You will not see it again.').waitFor();
    expect(await panel.evaluate((el) => el === document.activeElement)).toBe(true);
    const secret = (await panel.locator('code', { hasText: 'whsec_' }).textContent()) ?? '';
    expect(secret).toMatch(/^whsec_[A-Za-z0-9+/=]{20,}$/);
    await panel.getByRole('button', { name: 'Copy secret' }).click();
    await panel.getByRole('button', { name: 'Copied' }).waitFor();
    await page.screenshot({ path: '/tmp/intake-webhooks-secret.png' });
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(secret);

    const endpoints = page.getByRole('table', { name: 'Webhook endpoints' });
    const endpointRow = endpoints.getByRole('row', { name: new RegExp(receiver.url) });
    await endpointRow.getByText('import.succeeded').waitFor();
    expect(await endpointRow.getByText('import.failed').count()).toBe(0);
    await endpointRow.getByText('Billing system').waitFor();

    await panel.getByRole('button', { name: 'Done' }).click();
    await panel.waitFor({ state: 'detached' });
    expect(await page.content()).not.toContain(secret);

    // An import elsewhere in the app emits import.succeeded.
    await nav('New import');
    await page.getByLabel('Dataset', { exact: true }).selectOption('contacts');
    await page.getByLabel('email, row 1', { exact: true }).fill('hook@example.com');
    await page.getByLabel('name, row 1', { exact: true }).fill('Hook Test');
    await page.getByRole('button', { name: 'Import 1 row' }).click();
    await page.getByText('1 accepted, 0 rejected').waitFor();

    // Two attempts answered 500: the page polls while pending, then shows it failed.
    await nav('Webhooks');
    const deliveries = page.getByRole('table', { name: /Webhook deliveries/ });
    const delivery = deliveries.getByRole('row', { name: /import\.succeeded/ });
    await delivery.getByText('failed', { exact: true }).waitFor();
    const cells = delivery.getByRole('cell');
    expect(await cells.nth(4).textContent()).toBe('2');
    expect(await cells.nth(5).textContent()).toMatch(/^HTTP 500[\d,.\s]+ ms$/);
    await delivery.getByText('receiver answered 500').click();
    await delivery.getByText('receiver busy (call 2)').waitFor();
    await page.screenshot({ path: '/tmp/intake-webhooks-failed.png', fullPage: true });

    // Polling stops once nothing is pending.
    let polls = 0;
    const countPolls = (request: { url: () => string }) => {
      if (request.url().includes('webhooks.listDeliveries')) polls += 1;
    };
    page.on('request', countPolls);
    await page.waitForTimeout(2_500);
    expect(polls).toBe(0);

    await delivery.getByRole('button', { name: /Send again/ }).click();
    await delivery.getByText('succeeded', { exact: true }).waitFor();
    expect(polls).toBeGreaterThan(0);
    page.off('request', countPolls);
    expect(await cells.nth(4).textContent()).toBe('3');
    expect(await cells.nth(5).textContent()).toMatch(/^HTTP 200[\d,.\s]+ ms$/);
    // The disclosure opened above stays open as the row updates: it now shows the new answer.
    await delivery.getByText('Response', { exact: true }).waitFor();
    await delivery.getByText('thanks').waitFor();
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: screenshot, fullPage: true });

    // The receiver got three signed requests, verifiable with the secret shown once.
    expect(receiver.calls).toHaveLength(3);
    for (const call of receiver.calls) {
      expect(call.headers['webhook-signature']).toMatch(/^v1,/);
      expect(signatureMatches(secret, call)).toBe(true);
    }
    const payload = JSON.parse(receiver.calls[2]?.body ?? '{}') as {
      type?: string;
      data?: { dataset?: string; accepted?: number };
    };
    expect(payload.type).toBe('import.succeeded');
    expect(payload.data).toMatchObject({ dataset: 'contacts', accepted: 1 });
  });

  it('filters deliveries by endpoint and deletes an endpoint by keyboard after confirming', async () => {
    await page.goto(`${api.baseUrl}/webhooks`);
    const deliveries = page.getByRole('table', { name: /Webhook deliveries/ });
    await deliveries.getByRole('row', { name: /import\.succeeded/ }).waitFor();
    // With every endpoint shown, each delivery names its endpoint; filtered, the column goes.
    expect(await deliveries.getByRole('columnheader', { name: 'Endpoint' }).count()).toBe(1);
    await page.getByLabel('Endpoint', { exact: true }).selectOption({ label: receiver.url });
    await deliveries.getByRole('row', { name: /import\.succeeded/ }).waitFor();
    expect(await deliveries.getByRole('columnheader', { name: 'Endpoint' }).count()).toBe(0);

    const remove = page.getByRole('button', { name: `Delete endpoint ${receiver.url}` });
    await remove.focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', { name: 'Delete this endpoint?' });
    await dialog.waitFor();
    // Cancel has focus first, so Enter alone cannot delete; Escape closes and returns focus.
    expect(
      await dialog
        .getByRole('button', { name: 'Cancel' })
        .evaluate((el) => el === document.activeElement),
    ).toBe(true);
    await page.screenshot({ path: '/tmp/intake-webhooks-delete.png' });
    await page.keyboard.press('Escape');
    await dialog.waitFor({ state: 'hidden' });
    expect(await remove.evaluate((el) => el === document.activeElement)).toBe(true);

    await page.keyboard.press('Enter');
    await dialog.waitFor();
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await page.getByText('No endpoints yet').waitFor();
    // Its deliveries went with it, and the filter is back to every endpoint.
    await page.getByText('No deliveries yet').waitFor();
    expect(await page.getByLabel('Endpoint', { exact: true }).inputValue()).toBe('');
    // Focus did not fall to <body> with the row's Delete button.
    const endpointsCard = page.getByRole('region', { name: 'Endpoints' });
    expect(await endpointsCard.evaluate((el) => el === document.activeElement)).toBe(true);
  });
});

describe('webhooks page against a server that refuses private addresses', () => {
  let strict: RunningApi;
  beforeAll(async () => {
    strict = await startApi();
    await signIn(page, strict.baseUrl);
  });
  afterAll(async () => {
    await strict?.close();
  });

  it('shows the refusal with the setting that allows it, on a phone-sized screen', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${strict.baseUrl}/webhooks`);
    const form = page.getByRole('form', { name: 'New endpoint' });
    await form.getByLabel('URL').fill('http://127.0.0.1:9/hook');
    await form.getByRole('button', { name: 'Add endpoint' }).click();
    const alert = form.getByRole('alert');
    await alert.getByText('The request was refused').waitFor();
    await alert.getByText(/WEBHOOK_ALLOW_PRIVATE/).waitFor();
    expect(await page.getByText('No endpoints yet').count()).toBe(1);
    // The alert scrolled into view; from the top, the sticky header sits where it belongs.
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.screenshot({ path: '/tmp/intake-webhooks-narrow.png', fullPage: true });
    // Nothing but the tables may scroll sideways.
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
  });
});
