import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';

describe('loadConfig', () => {
  it('has working defaults for a bare machine', () => {
    expect(loadConfig({})).toMatchObject({
      port: 3000,
      host: '127.0.0.1',
      dataDir: './data',
      databaseUrl: undefined,
      maxRowsPerRequest: 10_000,
      bodyLimitBytes: 16 * 1024 * 1024,
    });
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ PORT: '', DATABASE_URL: '' })).toMatchObject({
      port: 3000,
      databaseUrl: undefined,
    });
  });

  it('names every bad variable and its value', () => {
    expect(() =>
      loadConfig({
        PORT: 'eighty',
        DATABASE_URL: 'mysql://x',
        MAX_ROWS_PER_REQUEST: '0',
        DATABASE_SCHEMA: 'Robert"; drop',
      }),
    ).toThrow(
      [
        'Invalid configuration:',
        '  PORT: PORT must be a whole number (got "eighty")',
        '  DATABASE_URL: DATABASE_URL must be a postgres:// URL (got "mysql://x")',
        '  DATABASE_SCHEMA: DATABASE_SCHEMA must be a lower-case SQL identifier (got "Robert\\"; drop")',
        '  MAX_ROWS_PER_REQUEST: MAX_ROWS_PER_REQUEST must be >= 1 (got "0")',
      ].join('\n'),
    );
  });
});
