import { describe, expect, it } from 'vitest';
import { isPublicPath, safeNext, signInPath } from '../../../src/lib/auth/sign-in-path';

describe('signInPath', () => {
  it('remembers the path and query the person was on', () => {
    expect(signInPath({ pathname: '/datasets/orders', search: '?q=ada' })).toBe(
      '/sign-in?next=%2Fdatasets%2Forders%3Fq%3Dada',
    );
  });

  it('needs no `next` for the home page or a public page', () => {
    expect(signInPath({ pathname: '/', search: '' })).toBe('/sign-in');
    expect(signInPath({ pathname: '/sign-in', search: '?next=%2Fimports' })).toBe('/sign-in');
  });
});

describe('safeNext', () => {
  it('returns a path on this site as it is', () => {
    expect(safeNext('/imports/0193?tab=rows')).toBe('/imports/0193?tab=rows');
  });

  it.each([
    ['missing', null],
    ['empty', ''],
    ['another site', 'https://evil.example/'],
    ['protocol-relative', '//evil.example/x'],
    ['backslash trick', '/\\evil.example'],
    ['tab inside', '/\t/evil.example'],
    ['newline inside', '/\n/evil.example'],
    ['a script URL', 'javascript:alert(1)'],
    ['the sign-in page itself', '/sign-in?next=/x'],
    ['the invite page', '/invite#abc'],
  ])('falls back to / for %s', (_name, raw) => {
    expect(safeNext(raw)).toBe('/');
  });

  it('round-trips what signInPath wrote', () => {
    const from = { pathname: '/webhooks', search: '?endpoint=7' };
    const next = new URL(signInPath(from), 'http://x').searchParams.get('next');
    expect(safeNext(next)).toBe('/webhooks?endpoint=7');
  });
});

describe('isPublicPath', () => {
  it('knows the pages open without a session', () => {
    expect(isPublicPath('/sign-in')).toBe(true);
    expect(isPublicPath('/invite')).toBe(true);
    expect(isPublicPath('/sign-input')).toBe(false);
    expect(isPublicPath('/account')).toBe(false);
  });
});
