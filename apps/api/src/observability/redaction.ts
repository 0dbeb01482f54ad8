/**
 * What never reaches a log line. Credentials by name (any depth up to three, the shapes our code
 * and libraries log), and customer data: rows, records and raw values are replaced, so a log says
 * how many rows, never what they held. Paths follow pino's `redact` syntax (fast-redact).
 */
const secretKeys = [
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'token',
  'apiKey',
  'api_key',
  'secret',
  'x-api-key',
];
const customerDataKeys = ['rows', 'row', 'records', 'record', 'values', 'raw', 'input', 'body'];

const atDepths = (key: string): string[] => {
  const safe = /^[A-Za-z_$][\w$]*$/.test(key) ? key : `["${key}"]`;
  const join = (prefix: string) =>
    safe.startsWith('[') ? `${prefix}${safe}` : `${prefix}.${safe}`;
  return [safe, join('*'), join('*.*')];
};

export const redactPaths: string[] = [...secretKeys, ...customerDataKeys].flatMap(atDepths);

export const REDACTED = '[Redacted]';
