import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { PreviousUpload, UrlStorage } from 'tus-js-client';

type Stored = Omit<PreviousUpload, 'urlStorageKey'>;

/**
 * tus-js-client's URL storage as one JSON file in the user's config dir: fingerprint -> upload
 * URL, so running the CLI again on the same file resumes it. Ours rather than the library's
 * FileUrlStorage: that one is untyped in its .d.ts and writes in place, so a kill mid-write
 * leaves broken JSON; here every write goes to a temp file renamed over the old one.
 */
export class JsonFileUrlStorage implements UrlStorage {
  constructor(readonly path: string) {}

  private async load(): Promise<Record<string, Stored>> {
    try {
      const parsed: unknown = JSON.parse(await readFile(this.path, 'utf8'));
      return typeof parsed === 'object' && parsed !== null
        ? (parsed as Record<string, Stored>)
        : {};
    } catch {
      // Missing or unreadable: start afresh; the worst case is one upload not resumed.
      return {};
    }
  }

  private async save(data: Record<string, Stored>): Promise<void> {
    await mkdir(dirname(this.path), { recursive: true });
    const temp = `${this.path}.${process.pid}.tmp`;
    await writeFile(temp, JSON.stringify(data, null, 1), { mode: 0o600 });
    await rename(temp, this.path);
  }

  private async matching(prefix: string): Promise<PreviousUpload[]> {
    const data = await this.load();
    return Object.entries(data)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => ({ ...value, urlStorageKey: key }));
  }

  findAllUploads(): Promise<PreviousUpload[]> {
    return this.matching('tus::');
  }

  findUploadsByFingerprint(fingerprint: string): Promise<PreviousUpload[]> {
    return this.matching(`tus::${fingerprint}::`);
  }

  async removeUpload(urlStorageKey: string): Promise<void> {
    const data = await this.load();
    delete data[urlStorageKey];
    await this.save(data);
  }

  async addUpload(fingerprint: string, upload: PreviousUpload): Promise<string> {
    const data = await this.load();
    const key = `tus::${fingerprint}::${Date.now()}`;
    const { urlStorageKey: _unused, ...stored } = upload;
    data[key] = stored;
    await this.save(data);
    return key;
  }

  /** Forgets an upload once its import exists (or the server refused it for good). */
  async forgetUrl(uploadUrl: string): Promise<void> {
    const data = await this.load();
    const keys = Object.keys(data).filter((k) => data[k]?.uploadUrl === uploadUrl);
    if (keys.length === 0) return;
    for (const k of keys) delete data[k];
    await this.save(data);
  }
}
