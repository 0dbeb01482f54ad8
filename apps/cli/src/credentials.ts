import { readFileSync } from 'node:fs';
import { chmod, mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';

/**
 * What `intake login` keeps: the server and a token for it. One JSON file in the user's config
 * dir, readable by the user alone (0600, in a 0700 directory): the token acts as its owner.
 */
export const storedCredentials = z.object({
  url: z.string(),
  token: z.string().min(1),
  workspaceId: z.string(),
});
export type StoredCredentials = z.infer<typeof storedCredentials>;

export const credentialsPath = (configDir: string) => join(configDir, 'credentials.json');

/**
 * The saved credentials, or undefined when there are none or the file is not ours to trust
 * (unparsable: `intake login` writes it again). Synchronous: read once at start, with the
 * environment, before any command runs.
 */
export function readCredentials(configDir: string): StoredCredentials | undefined {
  try {
    const parsed = storedCredentials.safeParse(
      JSON.parse(readFileSync(credentialsPath(configDir), 'utf8')),
    );
    return parsed.success ? parsed.data : undefined;
  } catch {
    return undefined;
  }
}

/** Replaces the file atomically; the temp file is created 0600, so the token is never exposed. */
export async function saveCredentials(configDir: string, credentials: StoredCredentials) {
  await mkdir(configDir, { recursive: true, mode: 0o700 });
  // mkdir leaves an existing directory's mode alone (uploads.json may have created it 0755).
  await chmod(configDir, 0o700);
  const path = credentialsPath(configDir);
  const temp = `${path}.${process.pid}.tmp`;
  await writeFile(temp, `${JSON.stringify(credentials, null, 1)}\n`, { mode: 0o600 });
  await rename(temp, path);
  return path;
}

/** True when there was a file to delete. */
export async function deleteCredentials(configDir: string): Promise<boolean> {
  try {
    await rm(credentialsPath(configDir));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw error;
  }
}
