import { Eraser, Send } from 'lucide-react';
import { plural } from '../lib/format';
import { Alert } from './ui/alert';
import { Button } from './ui/button';

interface SendBarProps {
  rowCount: number;
  problemRows: number;
  canSend: boolean;
  pending: boolean;
  /** Set after "Import" was pressed with rows that the client-side checks refuse. */
  confirming: boolean;
  onSubmit: () => void;
  onConfirm: () => void;
  onCancel: () => void;
  onClear: () => void;
}

/**
 * The foot of the rows card: how many rows and problems, the send button, and the question
 * asked before sending rows known to be invalid. The checks warn; they never block, because
 * the server's own answer (which rows, which fields) is what the person came for.
 */
export function SendBar(props: SendBarProps) {
  const { rowCount, problemRows, canSend, pending, confirming } = props;
  return (
    <div className="space-y-3 border-t border-zinc-200 bg-zinc-50 px-5 py-3">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-zinc-600" aria-live="polite">
          {rowCount === 0
            ? 'No rows yet.'
            : problemRows === 0
              ? `${plural(rowCount, 'row')}, all valid.`
              : `${plural(rowCount, 'row')}, ${plural(problemRows, 'row')} with problems.`}
        </p>
        <div className="flex items-center gap-2">
          <Button variant="ghost" onClick={props.onClear} disabled={rowCount === 0 || pending}>
            <Eraser aria-hidden="true" className="size-4" />
            Clear
          </Button>
          <Button onClick={props.onSubmit} disabled={!canSend} loading={pending}>
            {!pending && <Send aria-hidden="true" className="size-4" />}
            {rowCount === 0 ? 'Import' : `Import ${plural(rowCount, 'row')}`}
          </Button>
        </div>
      </div>
      {confirming && (
        <Alert
          tone="warning"
          role="alert"
          title={`${plural(problemRows, 'row')} ${problemRows === 1 ? 'has' : 'have'} problems`}
          actions={
            <>
              <Button onClick={props.onConfirm}>Send anyway</Button>
              <Button variant="secondary" onClick={props.onCancel}>
                Keep editing
              </Button>
            </>
          }
        >
          The server will reject {problemRows === 1 ? 'it' : 'them'} with the messages shown; the
          other rows are imported.
        </Alert>
      )}
    </div>
  );
}
