import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY'];
const STATUSES = ['paid', 'pending', 'refunded', 'cancelled'];

/**
 * A deterministic orders export that the orders dataset accepts in full (so the API and `COPY`
 * load the same rows): unique keys, every 10th status quoted, so the quoted path is measured.
 * About 74 bytes a row: 1M rows ~ 74 MB, 14M rows ~ 1 GB. Returns the byte size.
 */
export async function writeOrdersCsv(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  let chunk = 'order_id,customer_email,amount,currency,status,created_at\n';
  for (let i = 1; i <= rows; i++) {
    const amount = (((i * 7919) % 100000) / 100).toFixed(2);
    const status = STATUSES[i % STATUSES.length] ?? 'paid';
    const quoted = i % 10 === 0 ? `"${status}"` : status;
    const day = String((i % 28) + 1).padStart(2, '0');
    const second = String(i % 60).padStart(2, '0');
    const minute = String(Math.floor(i / 60) % 60).padStart(2, '0');
    chunk += `ORD-${String(i).padStart(9, '0')},buyer${i}@shop.io,${amount},${CURRENCIES[i % 4]},${quoted},2026-01-${day}T09:${minute}:${second}Z\n`;
    if (chunk.length > 1 << 20) {
      bytes += Buffer.byteLength(chunk);
      if (!out.write(chunk)) await once(out, 'drain');
      chunk = '';
    }
  }
  bytes += Buffer.byteLength(chunk);
  out.end(chunk);
  await once(out, 'finish');
  return bytes;
}
