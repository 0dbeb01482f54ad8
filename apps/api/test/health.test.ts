import { afterEach, describe, expect, it } from 'vitest';
import { rest } from './helpers/clients.js';
import { databaseModes } from './helpers/database-modes.js';
import { type RunningApi, startApi } from './helpers/start-api.js';

describe.each(databaseModes())('health on $name', (mode) => {
  let api: RunningApi | undefined;
  afterEach(() => api?.close());

  it('stays alive but reports not ready with 503 when the database is gone', async () => {
    api = await startApi(mode);
    expect((await rest(api.url, '/readyz')).status).toBe(200);
    await api.app.database.close();
    const ready = await rest(api.url, '/readyz');
    expect(ready.status).toBe(503);
    expect(ready.json).toMatchObject({
      error: { code: 'UNAVAILABLE', message: 'Database is not reachable' },
    });
    expect((await rest(api.url, '/healthz')).json).toEqual({ status: 'ok' });
    const list = await rest(api.url, '/api/imports');
    expect(list.status).toBe(500);
    expect(list.json).toMatchObject({
      error: { code: 'INTERNAL', message: 'Internal server error' },
    });
  });
});
