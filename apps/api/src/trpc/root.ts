import { auditRouter } from '../routers/audit.js';
import { authRouter } from '../routers/auth.js';
import { datasetsRouter } from '../routers/datasets.js';
import { importsRouter } from '../routers/imports.js';
import { opsRouter } from '../routers/ops.js';
import { paymentsRouter } from '../routers/payments.js';
import { uploadsRouter } from '../routers/uploads.js';
import { webhooksRouter } from '../routers/webhooks.js';
import { workspacesRouter } from '../routers/workspaces.js';
import { router } from './init.js';

export const appRouter = router({
  auth: authRouter,
  workspaces: workspacesRouter,
  audit: auditRouter,
  imports: importsRouter,
  datasets: datasetsRouter,
  payments: paymentsRouter,
  uploads: uploadsRouter,
  webhooks: webhooksRouter,
  ops: opsRouter,
});

export type AppRouter = typeof appRouter;
