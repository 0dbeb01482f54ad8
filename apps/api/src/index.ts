/**
 * What other TypeScript code may take from the API: the router's type. Clients (web, CLI,
 * internal services) are checked against it at compile time; no server code comes with it.
 */

export type { inferRouterInputs, inferRouterOutputs } from '@trpc/server';
export type { AppRouter } from './trpc/root.js';
