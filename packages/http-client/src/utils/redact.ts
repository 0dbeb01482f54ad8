// One place decides what never reaches a log line or an error message.

export const REDACTED = '[REDACTED]';

/** Query parameters and header names whose values are secrets by convention. */
const SECRET_NAME =
  /(pass(word|wd)?|pwd|secret|token|api[-_]?key|^key$|signature|^sig$|auth|session|credential|^code$)/i;

/** 13 to 19 digits, optionally grouped by spaces or dashes: the shape of a payment card number. */
const CARD_LIKE = /\b\d(?:[ -]?\d){12,18}\b/g;

const SECRET_HEADERS = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'x-api-key',
]);

export const maskCardNumbers = (text: string): string => text.replace(CARD_LIKE, REDACTED);

export const isSecretName = (name: string): boolean => SECRET_NAME.test(name);

/** The URL as errors and logs show it: no userinfo, secret query values masked, no cards. */
export const redactUrl = (url: URL): string => {
  if (!url.username && !url.password && !url.search) {
    return maskCardNumbers(url.href);
  }
  const safe = new URL(url.href);
  safe.username = '';
  safe.password = '';
  for (const name of [...safe.searchParams.keys()]) {
    if (isSecretName(name)) {
      safe.searchParams.set(name, REDACTED);
    }
  }
  return maskCardNumbers(safe.href);
};

export type HeaderValue = string | string[] | undefined;

export const redactHeaders = (
  headers: Readonly<Record<string, HeaderValue>>,
): Record<string, HeaderValue> => {
  const out: Record<string, HeaderValue> = {};
  for (const [name, value] of Object.entries(headers)) {
    const lower = name.toLowerCase();
    out[name] = SECRET_HEADERS.has(lower) || isSecretName(lower) ? REDACTED : value;
  }
  return out;
};
