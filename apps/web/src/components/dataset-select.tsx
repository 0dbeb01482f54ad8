import type { DatasetName } from '@intake/schema';
import { useQuery } from '@tanstack/react-query';
import { plural } from '../lib/format';
import { trpc } from '../trpc';
import { ErrorPanel } from './error-panel';
import { SelectField } from './ui/select-field';

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
  const options = (list.data?.items ?? []).map((d) => ({
    value: d.name,
    label: `${d.label} (${plural(d.rowCount, 'row')})`,
  }));
  return (
    <SelectField
      label="Dataset"
      hint="The table the rows are written to. Rows with an existing key are updated."
      error={error}
      value={value}
      options={options}
      onChange={onChange}
      placeholder={list.isPending ? 'Loading datasets…' : 'Choose a dataset…'}
      disabled={list.isPending}
      className="max-w-sm"
    />
  );
}
