import { useEffect, useState, useSyncExternalStore } from 'react';
import { FileUploader, type UploadSnapshot } from './file-uploader';

/**
 * The React face of a FileUploader: its snapshot, re-rendered on every change. A new file gets a
 * new uploader; leaving the page pauses (never deletes), so the upload can resume later.
 */
export function useFileUploader(
  file: File | null,
  /** Bumped to start again with the same File (after a failure). */
  attempt: number,
): {
  uploader: FileUploader | null;
  snapshot: UploadSnapshot | null;
} {
  const [uploader, setUploader] = useState<FileUploader | null>(null);
  useEffect(() => {
    if (!file) return;
    const next = new FileUploader(file);
    setUploader(next);
    void next.start();
    return () => {
      next.dispose();
      setUploader(null);
    };
    // `attempt` is read by no line above: changing it is what starts the same File again.
  }, [file, attempt]);
  const snapshot = useSyncExternalStore(
    uploader?.subscribe ?? noSubscribe,
    uploader?.getSnapshot ?? noSnapshot,
  );
  return { uploader, snapshot };
}

const noSubscribe = () => () => undefined;
const noSnapshot = () => null;
