import { Readable } from 'node:stream';
import { importId } from '@intake/schema';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/types.js';
import { sendError } from '../http/error-handler.js';

/**
 * A cell safe to open in a spreadsheet: quoted per RFC 4180, and a leading `=`, `+`, `-`, `@`,
 * tab or CR (which spreadsheets run as a formula) neutralised with a `'` (OWASP CSV injection).
 */
export function csvCell(value: string | number | null): string {
  let text = value === null ? '' : String(value);
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** `GET /api/imports/{id}/errors.csv`: every rejected row of an import, streamed page by page. */
export async function errorReportRoute(app: FastifyInstance, opts: { db: Kysely<Database> }) {
  app.get<{ Params: { id: string } }>('/imports/:id/errors.csv', async (req, reply) => {
    // Access: viewer of the import's workspace, like imports.get (another's is "not found").
    const auth = req.auth;
    if (!auth)
      return sendError(reply, req, {
        code: 'UNAUTHORIZED',
        status: 401,
        message: 'Sign in first (session cookie, or Authorization: Bearer with an API token)',
      });
    const id = importId.safeParse(req.params.id);
    const found =
      id.success &&
      (await opts.db
        .selectFrom('imports')
        .select('id')
        .where('id', '=', id.data)
        .where('workspace_id', '=', auth.workspaceId)
        .executeTakeFirst());
    if (!found) {
      return sendError(reply, req, {
        code: 'NOT_FOUND',
        status: 404,
        message: `Import ${req.params.id} was not found`,
      });
    }
    const db = opts.db;
    async function* lines() {
      yield 'line,column,value,message\r\n';
      let after = -1;
      for (;;) {
        const page = await db
          .selectFrom('import_rejections')
          .select(['seq', 'row', 'field', 'value', 'message'])
          .where('import_id', '=', found ? found.id : '')
          .where('seq', '>', after)
          .orderBy('seq')
          .limit(5000)
          .execute();
        if (page.length === 0) return;
        yield `${page
          .map((r) => [r.row, r.field, r.value, r.message].map(csvCell).join(','))
          .join('\r\n')}\r\n`;
        after = page.at(-1)?.seq ?? after;
      }
    }
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="import-${found.id}-errors.csv"`)
      .send(Readable.from(lines()));
  });
}
