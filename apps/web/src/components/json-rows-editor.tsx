import { type Dataset, describeRejection, type Rejection } from '@intake/schema';
import { Field } from './ui/field';
import { Textarea } from './ui/input';

interface JsonRowsEditorProps {
  dataset: Dataset;
  value: string;
  onChange: (value: string) => void;
  parseError: string | undefined;
  /** Client-side and server problems, shown under the text since JSON has no cells. */
  rejections: readonly Rejection[];
}

export function JsonRowsEditor({
  dataset,
  value,
  onChange,
  parseError,
  rejections,
}: JsonRowsEditorProps) {
  const example = JSON.stringify(
    [Object.fromEntries(dataset.columnNames.map((name) => [name, '…']))],
    null,
    0,
  );
  return (
    <div className="space-y-3">
      <Field
        label="Rows as JSON"
        hint={
          <>
            An array of objects with the columns of {dataset.label}, e.g.{' '}
            <code className="font-mono break-all">{example}</code>
          </>
        }
        error={parseError}
      >
        {({ id, describedBy, invalid }) => (
          <Textarea
            id={id}
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            rows={12}
            spellCheck={false}
            value={value}
            onChange={(e) => onChange(e.target.value)}
            className="text-xs"
          />
        )}
      </Field>
      {rejections.length > 0 && (
        <ul aria-label="Problems found in the rows" className="space-y-1 text-xs text-red-700">
          {rejections.map((r, i) => (
            <li key={i}>
              <span className="font-mono text-zinc-500">row {r.row}</span> {describeRejection(r)}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
