import { once } from 'node:events';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { buildSandbox, type Sandbox } from '@intake/payment-sandbox';
import { trpcClient } from '../helpers/clients.js';
import { orderRow } from '../helpers/rows.js';
import { ordersCsv, uploadFile } from '../helpers/upload-file.js';
import { waitForEnd } from '../helpers/wait-for-import.js';
import { createUpload, patch, tus } from '../uploads/tus-helpers.js';

/** Text that appears only in workspace A's data: no answer to another workspace may hold it. */
export const A_SECRETS = ['secret-a@a.example', 'a-secret-orders', 'a-secret-hook'];

/** The payment sandbox the API charges through, on a loopback port. */
export async function startPaymentSandbox(secret: string) {
  const sandbox: Sandbox = await buildSandbox({
    merchantId: 'm_attacks',
    apiKey: 'sk_attacks',
    callbackSecret: secret,
    users: {},
  });
  await sandbox.app.listen({ host: '127.0.0.1', port: 0 });
  const url = `http://127.0.0.1:${(sandbox.app.server.address() as AddressInfo).port}`;
  return {
    url,
    env: {
      PAYMENT_PROVIDER_URL: url,
      PAYMENT_MERCHANT_ID: 'm_attacks',
      PAYMENT_API_KEY: 'sk_attacks',
      PAYMENT_CALLBACK_SECRET: secret,
    },
    close: () => sandbox.app.close(),
  };
}

/** A webhook receiver that answers 200 to everything. */
export async function startReceiver() {
  const server: Server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end('ok'));
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/a-secret-hook`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/**
 * Workspace A's data, made by its owner (the helpers' default caller): rows, a JSON import and a
 * file import with rejections, a finished upload never imported, a complete partial upload, an
 * unfinished upload, a webhook endpoint with a delivery, and a charge.
 */
export async function seedWorkspaceA(url: string, hookUrl: string) {
  const client = trpcClient(url);
  const endpoint = await client.webhooks.createEndpoint.mutate({
    url: hookUrl,
    events: ['import.succeeded'],
  });
  const rowsImport = await client.imports.createFromRows.mutate({
    dataset: 'orders',
    rows: [
      orderRow('A-1', { customer_email: 'secret-a@a.example', status: 'pending' }),
      orderRow('A-2', { amount: -1 }),
    ],
  });
  const fileUpload = await uploadFile(
    url,
    ordersCsv(3, ['ORD-9,secret-a@a.example,=HYPERLINK("x"),EUR,paid,2026-03-01T10:00:00Z']),
    'a-secret-orders.csv',
  );
  const created = await client.imports.createFromUpload.mutate({
    uploadId: fileUpload,
    dataset: 'orders',
  });
  const fileImport = await waitForEnd(client, created.id);
  const spareUpload = await uploadFile(url, ordersCsv(2), 'a-secret-orders-2.csv');
  const partial = await createUpload(url, {
    length: 4,
    meta: { filename: 'a-secret-orders.part' },
    headers: { 'upload-concat': 'partial' },
  });
  await patch(url, partial, 0, 'a,b\n');
  const unfinished = await createUpload(url, {
    length: 100,
    meta: { filename: 'a-secret-orders-3.csv' },
  });
  await patch(url, unfinished, 0, 'order_id,amount\n');
  const charge = await client.payments.createCharge.mutate({
    orderId: 'A-1',
    amount: '10.00',
    currency: 'USD',
  });
  let deliveries = await client.webhooks.listDeliveries.query({});
  for (let i = 0; deliveries.items.length === 0 && i < 200; i++) {
    await sleep(50);
    deliveries = await client.webhooks.listDeliveries.query({});
  }
  const delivery = deliveries.items[0];
  if (!delivery) throw new Error('no webhook delivery in workspace A');
  const idOf = (location: string) => location.split('/').pop() ?? '';
  // Checks that these uploads are still served, as themselves, to A.
  if ((await tus(url, unfinished, { method: 'HEAD' })).status !== 200)
    throw new Error('unfinished upload missing');
  return {
    endpointId: endpoint.id,
    rowsImportId: rowsImport.importId,
    fileImportId: fileImport.id,
    uploadIds: {
      imported: fileUpload,
      spare: spareUpload,
      partial: idOf(partial),
      unfinished: idOf(unfinished),
    },
    chargeId: charge.id,
    deliveryId: delivery.id,
  };
}

export type WorkspaceA = Awaited<ReturnType<typeof seedWorkspaceA>>;

/** Everything A's owner can see of A, to compare before and after the attacks. */
export async function snapshotA(url: string, a: WorkspaceA) {
  const client = trpcClient(url);
  const uploads: Record<string, unknown> = {};
  for (const [name, id] of Object.entries(a.uploadIds)) {
    const head = await tus(url, `/api/uploads/${id}`, { method: 'HEAD' });
    uploads[name] = [head.status, head.headers.get('upload-offset')];
  }
  const withoutProgress = <T extends { progress?: unknown }>(x: T) => ({ ...x, progress: null });
  return {
    rows: (await client.datasets.rows.query({ dataset: 'orders', limit: 100 })).items,
    rowsImport: withoutProgress(await client.imports.get.query({ id: a.rowsImportId })),
    fileImport: withoutProgress(await client.imports.get.query({ id: a.fileImportId })),
    imports: (await client.imports.list.query({})).items.map((i) => [i.id, i.status]),
    uploads,
    endpoints: (await client.webhooks.listEndpoints.query()).items,
    deliveries: (await client.webhooks.listDeliveries.query({})).items.map((d) => d.id),
    charge: await client.payments.getCharge.query({ id: a.chargeId }),
    members: (await client.workspaces.members.query()).items,
  };
}
