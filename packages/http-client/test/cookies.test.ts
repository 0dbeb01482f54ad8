import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpClient, type HttpClient } from '../src/index.js';
import { sendJson, startServer, type TestServer } from './helpers/server.js';

let server: TestServer | undefined;
const clients: HttpClient[] = [];
let dir: string | undefined;

afterEach(async () => {
  await Promise.all(clients.splice(0).map((c) => c.close()));
  await server?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
  server = undefined;
  dir = undefined;
});

const sessionServer = () =>
  startServer((req, res) => {
    if (req.url === '/login') {
      res.setHeader('set-cookie', [
        'sid=s-123; Path=/; HttpOnly',
        'flash=hello; Path=/; Max-Age=1',
        'admin=1; Path=/admin',
      ]);
      sendJson(res, 200, { ok: true });
      return;
    }
    sendJson(res, 200, { cookie: req.headers.cookie ?? '' });
  });

const track = (client: HttpClient) => {
  clients.push(client);
  return client;
};

describe('cookie session', () => {
  it('keeps cookies from a login for later calls, by host and path rules, and drops expired', async () => {
    server = await sessionServer();
    const client = track(createHttpClient({ baseUrl: server.url, cookies: true }));
    await client.post('login', { json: { user: 'a', password: 'b' } });
    const me = await client.get('me').json<{ cookie: string }>();
    expect(me.cookie).toBe('sid=s-123; flash=hello');
    const admin = await client.get('admin/x').json<{ cookie: string }>();
    expect(admin.cookie).toContain('admin=1');
    // Host-only cookies: set by 127.0.0.1, never sent to another host name.
    const other = await client
      .get(`${server.url.replace('127.0.0.1', 'localhost')}/me`)
      .json<{ cookie: string }>();
    expect(other.cookie).toBe('');
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const later = await client.get('me').json<{ cookie: string }>();
    expect(later.cookie).toBe('sid=s-123');
  });

  it('sends no cookies when the jar is off', async () => {
    server = await sessionServer();
    const client = track(createHttpClient({ baseUrl: server.url }));
    await client.post('login');
    expect(await client.get('me').json()).toEqual({ cookie: '' });
    expect(client.cookieJar).toBeUndefined();
  });

  it('survives a client restart through exportCookies', async () => {
    server = await sessionServer();
    dir = await mkdtemp(join(tmpdir(), 'cookies-'));
    const file = join(dir, 'session.json');
    const first = track(createHttpClient({ baseUrl: server.url, cookies: true }));
    await first.post('login');
    await writeFile(file, JSON.stringify(await first.exportCookies()));
    await first.close();

    const restored = JSON.parse(await readFile(file, 'utf8'));
    const second = track(createHttpClient({ baseUrl: server.url, cookies: restored }));
    const me = await second.get('me').json<{ cookie: string }>();
    expect(me.cookie).toContain('sid=s-123');
  });
});
