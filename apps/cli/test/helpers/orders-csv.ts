/** An orders CSV the way a shop exports it: its own header names, CRLF. */
export function ordersCsv(rows: number, extra: string[] = []): string {
  const lines = ['Order ID,Customer E-Mail,Total,Currency,Status,Order Date'];
  for (let i = 1; i <= rows; i++) {
    lines.push(`ORD-${i},buyer${i}@example.com,${(i % 1000) + 0.5},EUR,paid,2026-03-01T10:00:00Z`);
  }
  return `${[...lines, ...extra].join('\r\n')}\r\n`;
}
