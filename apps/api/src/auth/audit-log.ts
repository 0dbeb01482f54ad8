import type { AuditAction } from '@intake/schema';
import type { Kysely } from 'kysely';
import type { Logger } from 'pino';
import { type AuditRecord, insertAuditEvent, listAuditEvents } from '../db/repos/audit-events.js';
import type { Database } from '../db/types.js';

export type AuditDetails = Record<string, string | number | boolean | null>;

/**
 * Security-relevant events with actor, workspace, IP and request id. Callers pass ids, names
 * and counts, never secrets or row contents. A failed write is logged, not thrown: the action
 * it describes has already happened.
 */
export function createAuditLog(deps: { db: Kysely<Database>; log: Logger }) {
  return {
    async record(event: AuditRecord): Promise<void> {
      try {
        await insertAuditEvent(deps.db, event);
      } catch (err) {
        deps.log.error({ err, action: event.action }, 'could not write the audit log');
      }
    },
    list: (opts: Parameters<typeof listAuditEvents>[1]) => listAuditEvents(deps.db, opts),
  };
}

export type AuditLog = ReturnType<typeof createAuditLog>;
export type { AuditAction };
