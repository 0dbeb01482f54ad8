import type { AppRouter } from '@intake/api';
import type { inferRouterOutputs } from '@trpc/server';

/** What each procedure answers, for props of components that show one answer. Types only. */
export type RouterOutputs = inferRouterOutputs<AppRouter>;
