import { randomUUID } from 'node:crypto';

/** A fresh id when the caller has none to propagate (no incoming request, no context). */
export const generateRequestId = (): string => randomUUID();
