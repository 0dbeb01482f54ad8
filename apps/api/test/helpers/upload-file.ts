import { authHeaders } from './credentials.js';

/** Uploads bytes with one tus creation-with-upload request; returns the upload id. */
export async function uploadFile(
  url: string,
  body: Buffer | string,
  filename = 'orders.csv',
): Promise<string> {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  const res = await fetch(`${url}/api/uploads`, {
    method: 'POST',
    headers: {
      ...authHeaders(url),
      'tus-resumable': '1.0.0',
      'upload-length': String(bytes.length),
      'upload-metadata': `filename ${Buffer.from(filename).toString('base64')}`,
      'content-type': 'application/offset+octet-stream',
    },
    body: bytes,
  });
  if (res.status !== 201) throw new Error(`upload failed: ${res.status} ${await res.text()}`);
  const location = res.headers.get('location') ?? '';
  const id = location.split('/').pop() ?? '';
  const head = await fetch(`${url}/api/uploads/${id}`, {
    method: 'HEAD',
    headers: { ...authHeaders(url), 'tus-resumable': '1.0.0' },
  });
  if (head.headers.get('upload-offset') !== String(bytes.length))
    throw new Error('upload incomplete');
  return id;
}

/** An orders CSV the way a shop exports it: its own header names, CRLF, quotes. */
export function ordersCsv(rows: number, extra: string[] = []): string {
  const lines = ['Order ID,Customer E-Mail,Total,Currency,Status,Order Date'];
  for (let i = 1; i <= rows; i++) {
    lines.push(`ORD-${i},buyer${i}@example.com,${(i % 1000) + 0.5},EUR,paid,2026-03-01T10:00:00Z`);
  }
  return `${[...lines, ...extra].join('\r\n')}\r\n`;
}
