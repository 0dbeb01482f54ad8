/** `GET /api/uploads/{id}/status`: see apps/api/src/uploads/README.md. */
export interface UploadStatus {
  id: string;
  offset: number;
  length: number | null;
  /** `verifying`: every byte arrived; the server is computing the whole-file checksums. */
  status: 'uploading' | 'verifying' | 'complete' | 'corrupt' | 'expired';
  filename: string | null;
  md5: string | null;
  sha256: string | null;
  expiresAt: string | null;
}

const statuses = new Set<string>(['uploading', 'verifying', 'complete', 'corrupt', 'expired']);

function isUploadStatus(value: unknown): value is UploadStatus {
  if (typeof value !== 'object' || value === null) return false;
  const status = (value as Record<string, unknown>).status;
  return typeof status === 'string' && statuses.has(status);
}

export async function readUploadStatus(id: string): Promise<UploadStatus> {
  const response = await fetch(`/api/uploads/${encodeURIComponent(id)}/status`, {
    headers: { accept: 'application/json' },
  });
  const body: unknown = await response.json().catch(() => null);
  if (!response.ok || !isUploadStatus(body)) {
    throw new Error(`Could not read the upload's status (HTTP ${response.status}).`);
  }
  return body;
}

/** The status once the server has compared its checksums with ours (polled while `verifying`). */
export async function readVerifiedStatus(id: string, pollMs = 250): Promise<UploadStatus> {
  for (;;) {
    const status = await readUploadStatus(id);
    if (status.status !== 'verifying') return status;
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
