import { datasetsRouter } from '../routers/datasets.js';
import { importsRouter } from '../routers/imports.js';
import { paymentsRouter } from '../routers/payments.js';
import { uploadsRouter } from '../routers/uploads.js';
import { webhooksRouter } from '../routers/webhooks.js';
import { router } from './init.js';

export const appRouter = router({
  imports: importsRouter,
  datasets: datasetsRouter,
  payments: paymentsRouter,
  uploads: uploadsRouter,
  webhooks: webhooksRouter,
});

export type AppRouter = typeof appRouter;
