import { describe, expect, it } from 'vitest';
import { defaultTimeouts } from '../src/index.js';
import { toClientError } from '../src/map-error.js';

const request = { method: 'GET', url: 'https://x/', requestId: 'r' };
const withCode = (code: string, message = code) => Object.assign(new Error(message), { code });

describe('toClientError', () => {
  it.each([
    ['UND_ERR_CONNECT_TIMEOUT', 'TIMEOUT'],
    ['ENOTFOUND', 'NETWORK_ERROR'],
    ['ECONNRESET', 'NETWORK_ERROR'],
  ])('%s becomes %s', (code, expected) => {
    expect(toClientError(withCode(code), request, defaultTimeouts, undefined).code).toBe(expected);
  });

  it('classifies certificate failures as tls', () => {
    for (const code of ['DEPTH_ZERO_SELF_SIGNED_CERT', 'ERR_TLS_CERT_ALTNAME_INVALID']) {
      expect(toClientError(withCode(code), request, defaultTimeouts, undefined)).toMatchObject({
        reason: 'tls',
        systemCode: code,
      });
    }
  });

  it('finds the errno under undici wrappers', () => {
    const wrapped = Object.assign(new Error('fetch failed'), { cause: withCode('ECONNREFUSED') });
    expect(toClientError(wrapped, request, defaultTimeouts, undefined)).toMatchObject({
      reason: 'connect',
      systemCode: 'ECONNREFUSED',
    });
  });

  it('lets the abort cause win over the thrown error', () => {
    const thrown = withCode('UND_ERR_ABORTED');
    expect(toClientError(thrown, request, defaultTimeouts, 'deadline')).toMatchObject({
      code: 'TIMEOUT',
      phase: 'total',
    });
    expect(toClientError(thrown, request, defaultTimeouts, 'caller').code).toBe('ABORTED');
  });
});
