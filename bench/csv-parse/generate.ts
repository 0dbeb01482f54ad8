import { once } from 'node:events';
import { createWriteStream } from 'node:fs';

const CURRENCIES = ['USD', 'EUR', 'GBP', 'JPY'];
const STATUSES = ['paid', 'pending', 'shipped', 'cancelled'];

/**
 * A deterministic orders export (~74 MB at 1M rows) in the shape of issue 4's benchmark file.
 * Every 10th row has a quoted status with a comma, every 97th a doubled quote, every 50th a
 * non-ASCII e-mail, so the quoted and multi-byte paths are part of the measured work.
 */
export async function writeOrdersCsv(path: string, rows: number): Promise<number> {
  const out = createWriteStream(path);
  let bytes = 0;
  let chunk = 'order_id,customer_email,amount,currency,status,created_at\n';
  for (let i = 1; i <= rows; i++) {
    const email = i % 50 === 0 ? `jürgen.${i}@shop.de` : `buyer${i}@shop.io`;
    const amount = (((i * 7919) % 100000) / 100).toFixed(2);
    let status = STATUSES[i % STATUSES.length] ?? 'paid';
    if (i % 10 === 0) status = '"refunded, partial"';
    if (i % 97 === 0) status = '"on ""hold"""';
    const second = String(i % 60).padStart(2, '0');
    const minute = String(Math.floor(i / 60) % 60).padStart(2, '0');
    chunk += `ORD-${String(i).padStart(8, '0')},${email},${amount},${CURRENCIES[i % 4]},${status},2026-01-31T09:${minute}:${second}Z\n`;
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
