import { Pause, Play, X } from 'lucide-react';
import { formatBytes, formatDuration } from '../lib/format';
import type { UploadSnapshot } from '../lib/upload/file-uploader';
import { rateOf } from '../lib/upload/transfer-rate';
import { Alert } from './ui/alert';
import { Button } from './ui/button';
import { ProgressBar } from './ui/progress-bar';

interface UploadProgressProps {
  snapshot: UploadSnapshot;
  onPause: () => void;
  onResume: () => void;
  onCancel: () => void;
}

const phaseText: Record<UploadSnapshot['phase'], string> = {
  uploading: 'Uploading',
  paused: 'Paused',
  finishing: 'Checking the file',
  complete: 'Uploaded and verified',
  cancelled: 'Cancelled',
  failed: 'Upload failed',
};

/** Bytes sent, speed and time left, the local checksum's progress, and the controls. */
export function UploadProgress({ snapshot: s, onPause, onResume, onCancel }: UploadProgressProps) {
  const rate = rateOf(s.samples, s.bytesTotal);
  const hashDone = s.bytesHashed >= s.bytesTotal;
  const active = s.phase === 'uploading' || s.phase === 'finishing';
  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-baseline justify-between gap-2 text-sm">
        <p className="min-w-0 truncate font-medium text-zinc-900" title={s.fileName}>
          {s.fileName}
        </p>
        <p className="text-zinc-500 tabular-nums" data-testid="upload-phase">
          {phaseText[s.phase]}
        </p>
      </div>
      <ProgressBar
        label="Upload progress"
        value={s.bytesUploaded}
        max={s.bytesTotal}
        valueText={`${formatBytes(s.bytesUploaded)} of ${formatBytes(s.bytesTotal)}`}
        tone={s.phase === 'complete' ? 'emerald' : s.phase === 'paused' ? 'zinc' : 'indigo'}
      />
      <dl className="flex flex-wrap gap-x-6 gap-y-1 text-xs text-zinc-600 tabular-nums">
        <div className="flex gap-1">
          <dt className="sr-only">Sent</dt>
          <dd>
            {formatBytes(s.bytesUploaded)} of {formatBytes(s.bytesTotal)}
          </dd>
        </div>
        {s.phase === 'uploading' && rate.bytesPerSecond > 0 && (
          <>
            <div className="flex gap-1">
              <dt>Speed</dt>
              <dd>{formatBytes(rate.bytesPerSecond)}/s</dd>
            </div>
            {rate.etaSeconds !== null && (
              <div className="flex gap-1">
                <dt>Time left</dt>
                <dd>{formatDuration(rate.etaSeconds)}</dd>
              </div>
            )}
          </>
        )}
        <div className="flex gap-1">
          <dt>Checksum</dt>
          <dd>
            {s.phase === 'complete'
              ? 'MD5 and SHA-256 match the server'
              : hashDone
                ? 'computed'
                : `${Math.floor((s.bytesHashed / Math.max(1, s.bytesTotal)) * 100)}%`}
          </dd>
        </div>
        {s.resumedBytes > 0 && (
          <div className="flex gap-1">
            <dt className="sr-only">Resumed</dt>
            <dd>{formatBytes(s.resumedBytes)} were already on the server</dd>
          </div>
        )}
      </dl>
      {s.phase === 'finishing' && (
        <p className="text-xs text-zinc-500">
          Every byte is on the server; it is joining the parts and comparing checksums.
        </p>
      )}
      {s.phase === 'failed' && s.error && (
        <Alert role="alert" tone="danger" title="The upload stopped">
          {s.error}
        </Alert>
      )}
      {(active || s.phase === 'paused') && (
        <div className="flex flex-wrap gap-2">
          {s.phase === 'paused' ? (
            <Button variant="secondary" size="sm" onClick={onResume}>
              <Play aria-hidden="true" className="size-4" /> Resume
            </Button>
          ) : (
            <Button variant="secondary" size="sm" onClick={onPause}>
              <Pause aria-hidden="true" className="size-4" /> Pause
            </Button>
          )}
          <Button variant="danger" size="sm" onClick={onCancel}>
            <X aria-hidden="true" className="size-4" /> Cancel upload
          </Button>
        </div>
      )}
    </div>
  );
}
