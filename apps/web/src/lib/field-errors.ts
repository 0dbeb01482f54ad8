import type { ErrorIssue } from '@intake/schema';

/** A zod issue, structurally, so this module does not pull zod into the chunks that use it. */
interface PathIssue {
  path: readonly PropertyKey[];
  message: string;
}

const sentence = (message: string) => message.charAt(0).toUpperCase() + message.slice(1);

/**
 * The first message per top-level field, for showing under that field. Accepts both zod's
 * issues (path as an array) and the server's (`ErrorIssue`, path as `events.0`), so one form
 * shows client and server messages the same way.
 */
export function fieldErrors(
  issues: readonly (PathIssue | ErrorIssue)[],
): Partial<Record<string, string>> {
  const errors: Partial<Record<string, string>> = {};
  for (const issue of issues) {
    const head = typeof issue.path === 'string' ? issue.path.split('.')[0] : issue.path[0];
    const field = head === undefined ? '' : String(head);
    errors[field] ??= sentence(issue.message);
  }
  return errors;
}
