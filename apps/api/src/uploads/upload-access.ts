import type { FastifyRequest } from 'fastify';
import { roleAtLeast } from '../auth/principal.js';
import { IntakeError } from '../errors.js';
import { UPLOAD_ID } from './tus-protocol.js';

/**
 * Who may use tus: the same session or token as every other route. Reading an upload (HEAD,
 * status) needs the viewer role, changing one (POST, PATCH, DELETE) the member role and a write
 * token; an upload of another workspace is "not found", exactly like an unknown id.
 */
export function uploadAccess(ownerOf: (id: string) => Promise<string | undefined>) {
  return async (req: FastifyRequest) => {
    if (req.method === 'OPTIONS') return;
    const auth = req.auth;
    if (!auth)
      throw new IntakeError(
        'UNAUTHORIZED',
        'Sign in first (session cookie, or Authorization: Bearer with an API token)',
      );
    const reads = req.method === 'HEAD' || req.method === 'GET';
    if (!reads && auth.scope === 'read')
      throw new IntakeError('FORBIDDEN', 'This API token is read-only (scope read)');
    if (!roleAtLeast(auth.role, reads ? 'viewer' : 'member'))
      throw new IntakeError('FORBIDDEN', 'Uploading needs the member role in the workspace');
    const id = (req.params as { id?: string }).id;
    // A malformed id is answered 404 by the route itself, without a database lookup.
    if (id === undefined || !UPLOAD_ID.test(id)) return;
    const owner = await ownerOf(id);
    if (owner !== undefined && owner !== auth.workspaceId)
      throw new IntakeError('NOT_FOUND', `Upload ${id} was not found`);
  };
}
