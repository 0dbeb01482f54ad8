import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rest } from '../helpers/clients.js';
import { databaseModes } from '../helpers/database-modes.js';
import { type RunningApi, startApi } from '../helpers/start-api.js';

// Headers do not depend on the database: the embedded one is enough.
const [mode] = databaseModes();
if (!mode) throw new Error('no database mode');

/** The CSP directives of a header value, by name. */
function csp(header: string | null): Map<string, string> {
  const directives = new Map<string, string>();
  for (const part of (header ?? '').split(';')) {
    const [name, ...values] = part.trim().split(/\s+/);
    if (name) directives.set(name, values.join(' '));
  }
  return directives;
}

describe('security headers', () => {
  let api: RunningApi;
  let webDist: string;
  beforeAll(async () => {
    // A built app as Vite emits it: module script and stylesheet by URL, nothing inline.
    webDist = await mkdtemp(join(tmpdir(), 'intake-web-dist-'));
    await writeFile(
      join(webDist, 'index.html'),
      '<!doctype html><html><head><script type="module" src="/assets/index-abc.js"></script></head><body><div id="root"></div></body></html>',
    );
    api = await startApi(mode, { WEB_DIST_DIR: webDist });
  });
  afterAll(async () => {
    await api?.close();
    await rm(webDist, { recursive: true, force: true });
  });

  it('sends a strict CSP with the web page: own scripts only, no inline, no framing', async () => {
    const page = await rest(api.url, '/', { headers: { accept: 'text/html' } });
    expect(page.status).toBe(200);
    const policy = csp(page.headers.get('content-security-policy'));
    expect(policy.get('default-src')).toBe("'self'");
    expect(policy.get('script-src')).toBe("'self' 'wasm-unsafe-eval'");
    expect(policy.get('script-src-attr')).toBe("'none'");
    expect(policy.get('style-src')).toBe("'self'");
    expect(policy.get('object-src')).toBe("'none'");
    expect(policy.get('frame-ancestors')).toBe("'none'");
    expect(page.headers.get('content-security-policy')).not.toContain('unsafe-inline');
    expect(page.headers.get('x-content-type-options')).toBe('nosniff');
    expect(page.headers.get('x-frame-options')).toBe('DENY');
    expect(page.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('sends the same headers on API answers, errors included, on both faces', async () => {
    for (const path of ['/api/datasets', '/trpc/datasets.list', '/api/nope', '/healthz']) {
      const res = await rest(api.url, path);
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff');
      expect(csp(res.headers.get('content-security-policy')).get('frame-ancestors'), path).toBe(
        "'none'",
      );
    }
  });

  it('gives the API reference Swagger UI’s own policy, still without inline scripts or framing', async () => {
    const docs = await rest(api.url, '/api/docs/static/index.html');
    expect(docs.status).toBe(200);
    const policy = csp(docs.headers.get('content-security-policy'));
    // Swagger UI's policy (it loads its validator badge), not the app's.
    expect(policy.get('img-src')).toContain('validator.swagger.io');
    expect(policy.get('script-src')).not.toMatch(/unsafe-inline|unsafe-eval/);
    expect(policy.get('frame-ancestors')).toBe("'none'");
    // On a plain-HTTP install this directive would send the page's scripts to https://.
    expect(policy.has('upgrade-insecure-requests')).toBe(false);
    const page = await rest(api.url, '/', { headers: { accept: 'text/html' } });
    expect(csp(page.headers.get('content-security-policy')).get('img-src')).toBe("'self' data:");
  });

  it('sends no HSTS over plain HTTP, and ignores X-Forwarded-Proto from an untrusted client', async () => {
    expect((await rest(api.url, '/healthz')).headers.get('strict-transport-security')).toBeNull();
    const forged = await rest(api.url, '/healthz', { headers: { 'x-forwarded-proto': 'https' } });
    expect(forged.headers.get('strict-transport-security')).toBeNull();
  });
});

describe('HSTS behind HTTPS', () => {
  it('is sent on every answer when PUBLIC_URL is https', async () => {
    const api = await startApi(mode, { PUBLIC_URL: 'https://intake.example.com' });
    try {
      const res = await rest(api.url, '/api/datasets');
      expect(res.headers.get('strict-transport-security')).toBe(
        'max-age=63072000; includeSubDomains',
      );
    } finally {
      await api.close();
    }
  }, 120_000);

  it('is sent when a trusted proxy says the request came over https (TRUST_PROXY)', async () => {
    const api = await startApi(mode, { TRUST_PROXY: 'true' });
    try {
      const https = await rest(api.url, '/healthz', { headers: { 'x-forwarded-proto': 'https' } });
      expect(https.headers.get('strict-transport-security')).toMatch(/^max-age=\d+/);
      const http = await rest(api.url, '/healthz', { headers: { 'x-forwarded-proto': 'http' } });
      expect(http.headers.get('strict-transport-security')).toBeNull();
    } finally {
      await api.close();
    }
  }, 120_000);
});
