import type { FastifyBaseLogger, FastifyReply, FastifyRequest } from 'fastify';
import type { AuditAction, AuditDetails, AuditLog } from '../auth/audit-log.js';
import type { AuthService, ClientInfo } from '../auth/auth-service.js';
// The `req.auth` declaration, for programs that compile the router from source.
import type {} from '../auth/authenticate.js';
import type { Principal } from '../auth/principal.js';
import { type SessionCookie, sessionCookie } from '../auth/session-cookie.js';
import type { FailureLimiter } from '../http/failure-limiter.js';
import type { HealthMonitor } from '../observability/health-monitor.js';
import type { IntakeMetrics } from '../observability/metrics.js';
import type { PaymentsService } from '../payments/payments-service.js';
import type { DatasetsService } from '../services/datasets.js';
import type { FileImportsService } from '../services/file-imports.js';
import type { ImportsService } from '../services/imports.js';
import type { WebhooksService } from '../webhooks/webhooks-service.js';

export interface Services {
  auth: AuthService;
  audit: AuditLog;
  imports: ImportsService;
  datasets: DatasetsService;
  payments: PaymentsService;
  webhooks: WebhooksService;
  fileImports: FileImportsService;
  /** The Health page and alerts (routers/ops.ts). */
  health: HealthMonitor;
}

export interface Context {
  services: Services;
  requestId: string | null;
  log: FastifyBaseLogger;
  /** Procedure metrics (trpc/init.ts); absent in caller tests and with METRICS_ENABLED=false. */
  metrics?: IntakeMetrics | undefined;
  /** The caller, resolved by auth/authenticate.ts; what a procedure allows is in trpc/init.ts. */
  auth: Principal | null;
  client: ClientInfo;
  /** Sets or clears the session cookie (sign-in, sign-out); absent outside HTTP. */
  session?: SessionCookie | undefined;
  /** Failed sign-ins per account + IP (429 after RATE_LIMIT_SIGN_IN_FAILURES); absent outside HTTP. */
  signInAttempts?: SignInAttempts | undefined;
}

export interface SignInAttempts {
  /** Throws 429 RATE_LIMITED (with Retry-After) once this account + IP used up its failures. */
  assertAllowed(email: string): Promise<void>;
  recordFailure(email: string): Promise<void>;
}

/** The context without HTTP: what tests and the REST face build for `createCaller`. */
export function createContextInner(opts: Context): Context {
  return opts;
}

export function contextFactory(
  services: Services,
  metrics?: IntakeMetrics,
  signInLimiter?: FailureLimiter,
) {
  return ({ req, res }: { req: FastifyRequest; res?: FastifyReply | undefined }): Context =>
    createContextInner({
      signInAttempts:
        signInLimiter && res
          ? {
              assertAllowed: (email) => signInLimiter.assertAllowed(req, res, `${email}|${req.ip}`),
              recordFailure: (email) => signInLimiter.recordFailure(req, `${email}|${req.ip}`),
            }
          : undefined,
      services,
      requestId: req.id,
      log: req.log,
      metrics,
      auth: req.auth,
      client: { ip: req.ip, userAgent: req.headers['user-agent'] ?? null },
      session: res && sessionCookie(req, res),
    });
}

/** Records an audit event as this request's caller (actor, workspace, IP, request id). */
export function auditAs(
  ctx: Context,
  action: AuditAction,
  target: string | null,
  details?: AuditDetails,
  actor?: { id: string; email: string; workspaceId: string | null },
) {
  const who =
    actor ??
    (ctx.auth && { id: ctx.auth.userId, email: ctx.auth.email, workspaceId: ctx.auth.workspaceId });
  return ctx.services.audit.record({
    action,
    actorId: who?.id ?? null,
    actorEmail: who?.email ?? null,
    workspaceId: who?.workspaceId ?? null,
    ip: ctx.client.ip,
    requestId: ctx.requestId,
    target,
    ...(details ? { details } : {}),
  });
}
