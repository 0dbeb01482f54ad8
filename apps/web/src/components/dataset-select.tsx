import type { DatasetName } from '@intake/schema';
import { useQuery } from '@tanstack/react-query';
import { plural } from '../lib/format';
import { trpc } from '../trpc';
import { ErrorPanel } from './error-panel';
import { Field } from './ui/field';
import { Select } from './ui/input';

interface DatasetSelectProps {
  value: DatasetName | '';
  onChange: (name: DatasetName) => void;
  /** A server message about the `dataset` field of the last request. */
  error?: string | undefined;
}

/** Datasets come from the server (with row counts); their rules come from @intake/schema. */
export function DatasetSelect({ value, onChange, error }: DatasetSelectProps) {
  const list = useQuery(trpc.datasets.list.queryOptions());
  if (list.isError) {
    return (
      <ErrorPanel error={list.error} onRetry={() => list.refetch()} retrying={list.isFetching} />
    );
  }
  const items = list.data?.items ?? [];
  return (
    <Field
      label="Dataset"
      hint="The table the rows are written to. Rows with an existing key are updated."
      error={error}
    >
      {({ id, describedBy, invalid }) => (
        <Select
          id={id}
          aria-describedby={describedBy}
          aria-invalid={invalid || undefined}
          value={value}
          disabled={list.isPending}
          onChange={(e) => onChange(e.target.value as DatasetName)}
          className="max-w-sm"
        >
          <option value="" disabled>
            {list.isPending ? 'Loading datasets…' : 'Choose a dataset…'}
          </option>
          {items.map((d) => (
            <option key={d.name} value={d.name}>
              {d.label} ({plural(d.rowCount, 'row')})
            </option>
          ))}
        </Select>
      )}
    </Field>
  );
}
