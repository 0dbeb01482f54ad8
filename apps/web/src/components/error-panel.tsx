import { RotateCw } from 'lucide-react';
import { type AppError, toAppError } from '../lib/app-error';
import { Alert } from './ui/alert';
import { Button } from './ui/button';

interface ErrorPanelProps {
  error: unknown;
  /** Offered for network failures, where trying again may work. */
  onRetry?: () => void;
  retrying?: boolean;
}

const titles: Record<AppError['kind'], string> = {
  network: 'Connection problem',
  business: 'The request was refused',
  system: 'Something went wrong',
};

/** Tells the person what failed and what they can do, per kind (see lib/app-error.ts). */
export function ErrorPanel({ error, onRetry, retrying = false }: ErrorPanelProps) {
  const appError = toAppError(error);
  return (
    <Alert
      role="alert"
      tone={appError.kind === 'business' ? 'warning' : 'danger'}
      title={titles[appError.kind]}
      actions={
        appError.kind === 'network' && onRetry ? (
          <Button variant="secondary" size="sm" onClick={onRetry} loading={retrying}>
            {!retrying && <RotateCw aria-hidden="true" className="size-4" />}
            Try again
          </Button>
        ) : undefined
      }
    >
      {/* With issues, the server's message only repeats them; the list says it better. */}
      <p>
        {appError.kind === 'business' && appError.issues.length > 0
          ? 'Some fields of the request are not valid:'
          : appError.message}
      </p>
      {appError.kind === 'business' && appError.issues.length > 0 && (
        <ul className="mt-2 list-disc space-y-0.5 pl-5">
          {appError.issues.map((issue) => (
            <li key={`${issue.path}:${issue.message}`}>
              {issue.path && <code className="font-mono text-xs">{issue.path}</code>}
              {issue.path && ': '}
              {issue.message}
            </li>
          ))}
        </ul>
      )}
      {appError.kind !== 'network' && appError.requestId && (
        <p className="mt-2 text-xs">
          Request id: <code className="font-mono select-all">{appError.requestId}</code>
          {appError.kind === 'system' && ' (quote it when you contact support)'}
        </p>
      )}
    </Alert>
  );
}
