import { describe, expect, it } from 'vitest';
import { maskCardNumbers, redactHeaders, redactUrl } from '../../src/utils/redact.js';

describe('redact', () => {
  it('strips userinfo and secret query values from URLs', () => {
    const url = new URL('https://bob:hunter2@api.example.com/v1/x?api_key=K&sig=S&page=2&code=C');
    const safe = redactUrl(url);
    expect(safe).not.toMatch(/bob|hunter2|=K|=S|=C/);
    expect(safe).toContain('page=2');
    expect(url.password).toBe('hunter2');
  });

  it('masks card-like numbers but keeps ordinary ids', () => {
    expect(maskCardNumbers('pan 4111 1111 1111 1111, order 123456')).toBe(
      'pan [REDACTED], order 123456',
    );
    expect(maskCardNumbers('5500-0000-0000-0004')).toBe('[REDACTED]');
  });

  it('masks secret headers whatever their case', () => {
    expect(
      redactHeaders({ Authorization: 'x', Cookie: 'y', 'X-Auth-Token': 'z', accept: 'a' }),
    ).toEqual({
      Authorization: '[REDACTED]',
      Cookie: '[REDACTED]',
      'X-Auth-Token': '[REDACTED]',
      accept: 'a',
    });
  });
});
