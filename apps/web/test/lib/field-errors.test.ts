import { createWebhookEndpointInput } from '@intake/schema';
import { describe, expect, it } from 'vitest';
import { fieldErrors } from '../../src/lib/field-errors';

describe('fieldErrors', () => {
  it('keeps the first zod message per top-level field, as a sentence', () => {
    const check = createWebhookEndpointInput.safeParse({ url: 'ftp://x', events: [] });
    expect(check.success).toBe(false);
    expect(fieldErrors(check.error?.issues ?? [])).toEqual({
      url: 'Must be an http(s) URL',
      events: 'Subscribe to at least one event',
    });
  });

  it('reads server issues, whose paths are dotted strings', () => {
    expect(
      fieldErrors([
        { path: 'events.1', message: 'must be one of import.succeeded, import.failed' },
        { path: 'events.2', message: 'second message for the same field' },
        { path: '', message: 'about the whole request' },
      ]),
    ).toEqual({
      events: 'Must be one of import.succeeded, import.failed',
      '': 'About the whole request',
    });
  });
});
