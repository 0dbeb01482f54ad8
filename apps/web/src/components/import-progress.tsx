import type { ImportSummary } from '@intake/schema';
import { ArrowRight, Download, X } from 'lucide-react';
import type { ReactNode } from 'react';
import { Link } from 'wouter';
import { formatBytes, formatCount, formatDuration } from '../lib/format';
import { StatusBadge } from './status-badge';
import { Alert } from './ui/alert';
import { Button } from './ui/button';
import { ProgressBar } from './ui/progress-bar';

interface ImportProgressProps {
  summary: ImportSummary;
  /** The import was started with `onCancel: 'rollback'`. */
  rolledBackOnCancel: boolean;
  onCancel: () => void;
  cancelling: boolean;
}

function Counter({
  label,
  value,
  tone,
}: {
  label: string;
  value: number;
  tone?: string | undefined;
}) {
  return (
    <div className="rounded-lg bg-zinc-50 px-3 py-2 ring-1 ring-zinc-200">
      <dt className="text-xs font-medium text-zinc-500">{label}</dt>
      <dd className={`mt-0.5 text-lg font-semibold tabular-nums ${tone ?? 'text-zinc-900'}`}>
        {formatCount(value)}
      </dd>
    </div>
  );
}

function Line({ children }: { children: ReactNode }) {
  return <p className="text-xs text-zinc-600 tabular-nums">{children}</p>;
}

const linkClass =
  'inline-flex items-center gap-1 rounded-md text-sm font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-indigo-600';

/** A file import as it runs (bytes, rows, speed, time left) and, when it ends, its summary. */
export function ImportProgress({
  summary: detail,
  rolledBackOnCancel,
  onCancel,
  cancelling,
}: ImportProgressProps) {
  const p = detail.progress;
  const live = detail.status === 'queued' || detail.status === 'running';
  const done = detail.status === 'succeeded';
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="flex items-center gap-2 text-sm font-medium text-zinc-900" role="status">
          {live
            ? detail.status === 'queued'
              ? 'Waiting for a worker…'
              : 'Importing…'
            : `Import ${detail.status}`}
          <StatusBadge status={detail.status} />
        </p>
        {live && (
          <Button variant="danger" size="sm" onClick={onCancel} loading={cancelling}>
            {!cancelling && <X aria-hidden="true" className="size-4" />} Cancel import
          </Button>
        )}
      </div>
      <ProgressBar
        label="Import progress"
        value={done ? 1 : (p?.bytesDone ?? 0)}
        max={done ? 1 : (p?.bytesTotal ?? 0)}
        valueText={p ? `${formatBytes(p.bytesDone)} of ${formatBytes(p.bytesTotal)}` : undefined}
        tone={done ? 'emerald' : live ? 'indigo' : 'zinc'}
      />
      {p && (
        <Line>
          {formatBytes(p.bytesDone)} of {formatBytes(p.bytesTotal)} read · {formatCount(p.rowsDone)}{' '}
          rows
          {live && p.rowsPerSecond > 0 && <> · {formatCount(Math.round(p.rowsPerSecond))} rows/s</>}
          {live && p.etaSeconds !== null && <> · {formatDuration(p.etaSeconds)} left</>}
        </Line>
      )}
      <dl className="grid grid-cols-3 gap-3">
        <Counter label="Accepted" value={detail.accepted} tone="text-emerald-700" />
        <Counter
          label="Rejected"
          value={detail.rejected}
          tone={detail.rejected > 0 ? 'text-red-700' : undefined}
        />
        <Counter label="Duplicates (last wins)" value={detail.duplicates} />
      </dl>
      {detail.status === 'failed' && (
        <Alert role="alert" tone="danger" title="The import failed">
          {detail.error ?? 'No reason was given.'}
        </Alert>
      )}
      {detail.status === 'cancelled' && (
        <Alert tone="warning" title="The import was cancelled">
          {rolledBackOnCancel
            ? 'The rows it had written were removed again; the dataset is as it was before.'
            : `The ${formatCount(detail.accepted)} rows written before the cancel were kept.`}
        </Alert>
      )}
      {!live && (
        <div className="flex flex-wrap gap-4">
          <Link href={`/imports/${detail.id}`} className={linkClass}>
            View import <ArrowRight aria-hidden="true" className="size-4" />
          </Link>
          {detail.rejected > 0 && (
            <a href={`/api/imports/${detail.id}/errors.csv`} download className={linkClass}>
              <Download aria-hidden="true" className="size-4" /> Download error report (CSV)
            </a>
          )}
        </div>
      )}
    </div>
  );
}
