/**
 * Which limited class a request falls in, from its method and URL alone (the check runs before
 * the body is read). Imports are the expensive writes: JSON imports, imports from an upload, and
 * the creation of a tus upload (which precedes every file import).
 */
export type RequestClass = { kind: 'import'; count: number } | { kind: 'read' } | undefined;

/** tRPC procedures that start an import; a batch counts each call. */
const isImportProcedure = (path: string) => path.startsWith('imports.create');

const safeDecode = (s: string) => {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
};

const REST_IMPORTS = new Set(['/api/import', '/api/imports/from-upload']);

export function classifyRequest(
  method: string,
  url: string,
  prefixes: { trpc: string; uploads: string },
): RequestClass {
  const path = url.split('?', 1)[0] ?? url;
  if (method === 'POST') {
    if (path.startsWith(`${prefixes.trpc}/`)) {
      const procedures = safeDecode(path.slice(prefixes.trpc.length + 1)).split(',');
      const count = procedures.filter(isImportProcedure).length;
      return count > 0 ? { kind: 'import', count } : undefined;
    }
    if (REST_IMPORTS.has(path) || path === prefixes.uploads || path === `${prefixes.uploads}/`) {
      return { kind: 'import', count: 1 };
    }
    return undefined;
  }
  if (
    (method === 'GET' || method === 'HEAD') &&
    (path.startsWith(`${prefixes.trpc}/`) || path.startsWith('/api/'))
  ) {
    return { kind: 'read' };
  }
  return undefined;
}
