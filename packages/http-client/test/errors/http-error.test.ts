import { describe, expect, it } from 'vitest';
import {
  HttpClientError,
  HttpError,
  isHttpClientError,
  isHttpError,
  isTimeoutError,
  TimeoutError,
} from '../../src/index.js';

const request = { method: 'GET', url: 'https://api.example.com/x', requestId: 'r-1' };

describe('error classes', () => {
  it('HttpError carries the call, the status and the cause', () => {
    const cause = new Error('root');
    const error = new HttpError(
      request,
      { status: 502, headers: {}, bodySnippet: 'bad' },
      { cause },
    );
    expect(error).toBeInstanceOf(HttpClientError);
    expect(error.name).toBe('HttpError');
    expect(error.message).toBe(
      'Request failed with status 502: GET https://api.example.com/x (request id r-1)',
    );
    expect(error).toMatchObject({ code: 'HTTP_ERROR', status: 502, requestId: 'r-1' });
    expect(error.cause).toBe(cause);
    expect(isHttpError(error) && isHttpClientError(error)).toBe(true);
    expect(isTimeoutError(error)).toBe(false);
  });

  it('TimeoutError names its phase', () => {
    const error = new TimeoutError(request, 'headers', 8000);
    expect(error.message).toContain('headers, 8000 ms');
    expect(isHttpError(error)).toBe(false);
  });
});
