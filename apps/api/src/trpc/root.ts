import { datasetsRouter } from '../routers/datasets.js';
import { importsRouter } from '../routers/imports.js';
import { router } from './init.js';

export const appRouter = router({
  imports: importsRouter,
  datasets: datasetsRouter,
});

export type AppRouter = typeof appRouter;
