import fc from 'fast-check';
import { z } from 'zod';
import type { ProcedureInfo } from './procedure-calls.js';

const uuid = '0190a6f8-7c2e-7b4a-9d3e-5f1a2b3c4d5e';
const order = {
  order_id: 'F-1',
  customer_email: 'f1@example.com',
  amount: '12.50',
  currency: 'USD',
  status: 'paid',
  created_at: '2026-01-31T09:30:00+08:00',
};

/**
 * One valid input per procedure (as the signed-in owner would send it); the fuzzer replaces
 * its fields one at a time. Never the owner's real password: fuzzing must not change it.
 * A procedure missing here fails the suite, so a new procedure cannot skip the fuzzer.
 */
export const validInputs: Record<string, unknown> = {
  'auth.setupStatus': undefined,
  'auth.setup': {
    email: 'new@example.com',
    password: 'Fuzz-setup-passphrase-1',
    workspaceName: 'W',
  },
  'auth.signIn': { email: 'nobody@example.com', password: 'Not-the-password-123' },
  'auth.issueToken': {
    email: 'nobody@example.com',
    password: 'Not-the-password-123',
    workspaceId: uuid,
    name: 'cli',
    scope: 'read',
  },
  'auth.me': undefined,
  'auth.signOut': undefined,
  'auth.signOutEverywhere': undefined,
  'auth.switchWorkspace': { workspaceId: uuid },
  'auth.changePassword': {
    currentPassword: 'Not-the-password-123',
    newPassword: 'Another-long-passphrase-7',
  },
  'auth.sessions': undefined,
  'auth.revokeSession': { id: uuid },
  'auth.tokens': undefined,
  'auth.createToken': { name: 'fuzz', scope: 'read', expiresInDays: 1 },
  'auth.revokeToken': { id: uuid },
  'auth.inviteInfo': { token: `inv_${'a'.repeat(43)}` },
  'auth.acceptInvite': {
    token: `inv_${'a'.repeat(43)}`,
    email: 'x@example.com',
    password: 'Fuzz-invitee-passphrase-2',
  },
  'workspaces.create': { name: 'Fuzz' },
  'workspaces.members': undefined,
  'workspaces.invite': { role: 'viewer', email: 'v@example.com', expiresInHours: 1 },
  'workspaces.setRole': { userId: uuid, role: 'viewer' },
  'workspaces.removeMember': { userId: uuid },
  'audit.list': { action: 'auth.sign_in', actor: 'a', workspaceId: uuid, cursor: '1', limit: 5 },
  'imports.createFromRows': { dataset: 'orders', rows: [order] },
  'imports.list': { cursor: uuid, limit: 5 },
  'imports.get': { id: uuid },
  'imports.createFromUpload': {
    uploadId: 'a'.repeat(32),
    dataset: 'orders',
    mapping: { order_id: 'Order ID' },
    options: { onCancel: 'rollback' },
  },
  'imports.cancel': { id: uuid },
  'imports.onProgress': { id: uuid },
  'datasets.list': undefined,
  'datasets.rows': { dataset: 'orders', cursor: 'F-0', limit: 5, search: 'f1' },
  'payments.createCharge': { orderId: 'F-1', amount: '12.50', currency: 'USD' },
  'payments.getCharge': { id: uuid },
  'uploads.preview': { uploadId: 'a'.repeat(32), dataset: 'orders', rows: 2 },
  'webhooks.createEndpoint': {
    url: 'http://127.0.0.1:9/hook',
    events: ['import.succeeded'],
    description: 'd',
  },
  'webhooks.listEndpoints': undefined,
  'webhooks.deleteEndpoint': { id: uuid },
  'webhooks.listDeliveries': { endpointId: uuid, limit: 5 },
  'webhooks.redeliver': { id: uuid },
  'ops.dashboard': {},
};

/** Values that break naive code: prototype keys, NaN-likes, huge and odd text, deep values. */
const nasty: fc.Arbitrary<unknown> = fc.oneof(
  fc.jsonValue({ maxDepth: 3 }),
  fc.constantFrom(
    'NaN',
    'Infinity',
    '-Infinity',
    '-0',
    '1e309',
    '0x10',
    '',
    ' ',
    'null',
    'undefined',
    'true',
    '[]',
    '{}',
    '__proto__',
    'constructor',
    "'; drop table imports; --",
    '%00',
    '\u0000',
    '../../etc/passwd',
    '\uD800',
    '\u202Eexe.csv',
    '=cmd|/c calc!A1',
    '<script>alert(1)</script>',
    '{{7*7}}',
  ),
  fc.constantFrom(
    Number.MAX_SAFE_INTEGER + 2,
    -1,
    0,
    1.5,
    1e308,
    -1e308,
    2 ** 31,
    -(2 ** 63),
    Number.MIN_VALUE,
  ),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.integer({ min: 1_000, max: 200_000 }).map((n) => 'x'.repeat(n)),
  fc.constant({ __proto__: { isAdmin: true }, constructor: { prototype: { role: 'owner' } } }),
  fc.array(fc.jsonValue({ maxDepth: 1 }), { maxLength: 20 }),
);

const prototypeKeys = fc.constantFrom('__proto__', 'constructor', 'prototype', 'toString');

/** The field names a procedure's input object declares (for replacing them one by one). */
function fieldsOf(schema: z.ZodType | undefined): string[] {
  let current = schema;
  while (current instanceof z.ZodOptional || current instanceof z.ZodDefault)
    current = current.unwrap() as z.ZodType;
  return current instanceof z.ZodObject ? Object.keys(current.shape) : [];
}

/**
 * `valid` as JSON text with `field` set first to `value`. Written as text so that a key such as
 * `__proto__` reaches the server as an own key, exactly as an attacker's body would carry it.
 */
function withField(valid: unknown, field: string, value: unknown): string {
  const rest = JSON.stringify(valid ?? {}).slice(1, -1);
  return `{${JSON.stringify(field)}:${JSON.stringify(value) ?? 'null'}${rest ? `,${rest}` : ''}}`;
}

/**
 * Inputs for one procedure: arbitrary JSON, the valid input with one field (or one field of a
 * row) replaced by a nasty value, with a prototype key added, or with a field removed.
 * Returned as JSON text, so `__proto__` keys reach the server as they would from any client.
 */
export function inputsFor(p: ProcedureInfo): fc.Arbitrary<string | undefined> {
  const valid = validInputs[p.path];
  const fields = fieldsOf(p.input);
  const rowFields = p.path === 'imports.createFromRows' ? Object.keys(order) : [];
  const json = (v: unknown) => JSON.stringify(v) ?? 'null';
  const arbitraries: fc.Arbitrary<string | undefined>[] = [
    fc.jsonValue({ maxDepth: 4 }).map(json),
    fc.constant(undefined),
    fc.constant(json(valid ?? null)),
  ];
  if (fields.length > 0) {
    const field = fc.constantFrom(...fields);
    arbitraries.push(
      fc.tuple(field, nasty).map(([f, v]) => json({ ...(valid as object), [f]: v })),
      fc.tuple(field, nasty).map(([f, v]) => withField(valid, f, v)),
      fc.tuple(prototypeKeys, nasty).map(([k, v]) => withField(valid, k, v)),
      field.map((f) => {
        const { [f]: _gone, ...rest } = valid as Record<string, unknown>;
        return json(rest);
      }),
    );
  }
  if (rowFields.length > 0) {
    arbitraries.push(
      fc
        .tuple(fc.constantFrom(...rowFields), nasty)
        .map(([f, v]) => json({ dataset: 'orders', rows: [{ ...order, [f]: v }] })),
      fc
        .tuple(prototypeKeys, nasty)
        .map(([k, v]) => `{"dataset":"orders","rows":[${withField(order, k, v)}]}`),
    );
  }
  return fc.oneof(...arbitraries);
}
