import { describe, expect, it } from 'vitest';
import { isFastPathCandidate, isJsonContentType, readQueryParams } from '../src/request-target.js';

describe('readQueryParams', () => {
  it('reads like URL.searchParams', () => {
    for (const url of [
      '/a',
      '/a?',
      '/a?batch=1&input=%7B%7D',
      '/a?input=a+b&input=c',
      '/a?input=1#x',
      '/a?%zz=1&input=%zz',
    ]) {
      const expected = new URL(url, 'http://h').searchParams;
      const params = readQueryParams(url);
      expect(params.batch).toBe(expected.get('batch'));
      expect(params.input).toBe(expected.get('input'));
      expect(params.connectionParams).toBe(expected.get('connectionParams'));
    }
  });
});

describe('isJsonContentType', () => {
  it('matches the media type case-insensitively, ignoring parameters', () => {
    expect(isJsonContentType('application/json')).toBe(true);
    expect(isJsonContentType(' Application/JSON ; charset=utf-8')).toBe(true);
    expect(isJsonContentType('application/jsonl')).toBe(false);
    expect(isJsonContentType('text/plain')).toBe(false);
  });
});

describe('isFastPathCandidate', () => {
  const json = { 'content-type': 'application/json', host: 'h' };
  it('takes plain JSON GET and POST only', () => {
    expect(isFastPathCandidate('GET', '/t/a', { host: 'h' }, false)).toBe(true);
    expect(isFastPathCandidate('POST', '/t/a', json, false)).toBe(true);
    expect(isFastPathCandidate('POST', '/t/a', { host: 'h' }, false)).toBe(false);
    expect(isFastPathCandidate('POST', '/t/a', json, true)).toBe(false);
    expect(isFastPathCandidate('HEAD', '/t/a', { host: 'h' }, false)).toBe(false);
    expect(isFastPathCandidate('GET', '/t/a', { host: 'h', 'trpc-accept': 'x' }, false)).toBe(
      false,
    );
    expect(
      isFastPathCandidate('GET', '/t/a', { host: 'h', accept: 'application/jsonl' }, false),
    ).toBe(false);
    expect(isFastPathCandidate('GET', '//t/a', { host: 'h' }, false)).toBe(false);
    expect(isFastPathCandidate('GET', '/t/a', { host: 'a b' }, false)).toBe(false);
    expect(isFastPathCandidate('GET', '/t/a', {}, false)).toBe(true);
  });
});
