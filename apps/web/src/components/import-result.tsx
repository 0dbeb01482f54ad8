import type { CreateFromRowsOutput } from '@intake/schema';
import { ArrowRight } from 'lucide-react';
import { useEffect, useRef } from 'react';
import { Link } from 'wouter';
import { formatCount } from '../lib/format';
import { RejectionsTable } from './rejections-table';
import { StatusBadge } from './status-badge';
import { Card, CardHeader } from './ui/card';

/** What the server did with the rows: counts first, then every rejected row and why. */
export function ImportResult({ result }: { result: CreateFromRowsOutput }) {
  const rejectedRows = new Set(result.rejected.map((r) => r.row)).size;
  const card = useRef<HTMLElement>(null);
  // The answer appears below the form: move focus (and the view) to it, so keyboard and
  // screen-reader users land on the outcome rather than on a button that has done its job.
  useEffect(() => {
    card.current?.focus();
  }, []);
  return (
    <Card
      ref={card}
      tabIndex={-1}
      aria-labelledby="import-result-title"
      className="scroll-mt-20 focus:outline-none"
    >
      <CardHeader
        id="import-result-title"
        title={
          <span className="flex items-center gap-2" role="status">
            {formatCount(result.accepted)} accepted, {formatCount(rejectedRows)} rejected
            <StatusBadge status={result.status} />
          </span>
        }
        description={
          rejectedRows === 0
            ? 'Every row was written.'
            : 'Accepted rows were written; fix the rows below and import them again.'
        }
        actions={
          <Link
            href={`/imports/${result.importId}`}
            className="inline-flex items-center gap-1 rounded-md text-sm font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            View import <ArrowRight aria-hidden="true" className="size-4" />
          </Link>
        }
      />
      {result.rejected.length > 0 && (
        <RejectionsTable rejections={result.rejected} caption="Rejected rows" />
      )}
    </Card>
  );
}
