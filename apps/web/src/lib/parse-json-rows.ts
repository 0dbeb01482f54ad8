export type ParsedRows = { ok: true; rows: unknown[] } | { ok: false; message: string };

/** Pasted text into rows. Only a JSON array can be sent; its items are checked per row later. */
export function parseJsonRows(text: string): ParsedRows {
  if (text.trim() === '') return { ok: true, rows: [] };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { ok: false, message: `Not valid JSON: ${(error as Error).message}` };
  }
  if (!Array.isArray(value)) {
    return {
      ok: false,
      message: 'Paste a JSON array of row objects, e.g. [{"order_id": "A-1", ...}]',
    };
  }
  return { ok: true, rows: value };
}
