import type { WorkspaceRole } from '@intake/schema';

/** Who makes a request, resolved once per request from the session cookie or the Bearer token. */
export interface Principal {
  userId: string;
  email: string;
  isAdmin: boolean;
  /** The workspace every query of this request is scoped to. */
  workspaceId: string;
  role: WorkspaceRole;
  via: 'session' | 'token';
  /** Token scope; null for browser sessions (the role decides). */
  scope: 'read' | 'write' | null;
  /** The session's public id (sessions list, "current"); null for tokens. */
  sessionId: string | null;
  /** Expected in `x-csrf-token` on state-changing session requests. */
  csrfToken: string | null;
}

const rank: Record<WorkspaceRole, number> = { viewer: 0, member: 1, owner: 2 };

export const roleAtLeast = (role: WorkspaceRole, needed: WorkspaceRole) =>
  rank[role] >= rank[needed];
