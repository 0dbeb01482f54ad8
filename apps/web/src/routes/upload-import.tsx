import { type ColumnMapping, type DatasetName, datasets, type ImportSummary } from '@intake/schema';
import { useMutation, useQuery } from '@tanstack/react-query';
import { Play, RotateCcw } from 'lucide-react';
import { useEffect, useMemo, useState } from 'react';
import { ColumnMappingTable } from '../components/column-mapping-table';
import { DatasetSelect } from '../components/dataset-select';
import { ErrorPanel } from '../components/error-panel';
import { FileDropZone } from '../components/file-drop-zone';
import { ImportProgress } from '../components/import-progress';
import { PageHeader } from '../components/page-header';
import { PreviewRowsTable } from '../components/preview-rows-table';
import { Alert } from '../components/ui/alert';
import { Button } from '../components/ui/button';
import { Card, CardBody, CardHeader } from '../components/ui/card';
import { LoadingRows } from '../components/ui/skeleton';
import { UploadProgress } from '../components/upload-progress';
import { checkPreview, mappingFromProposal, unmappedRequired } from '../lib/column-mapping';
import { plural } from '../lib/format';
import { summariseProblems } from '../lib/problem-summary';
import { useFileUploader } from '../lib/upload/use-file-uploader';
import { useImportProgress } from '../lib/use-import-progress';
import { queryClient, trpc } from '../trpc';

/** A picked file; `attempt` makes "try again" with the same File start a new uploader. */
interface Selection {
  file: File;
  attempt: number;
}

const live = (status: ImportSummary['status'] | undefined) =>
  status === 'queued' || status === 'running';

// Its own route (not a tab of New import) so tus-js-client and the hash worker load only here,
// and the landing page stays within the bundle budget (test/build/bundle.test.ts).
export function UploadImportPage() {
  const [datasetName, setDatasetName] = useState<DatasetName | ''>('');
  const dataset = datasetName ? datasets[datasetName] : undefined;
  const [selection, setSelection] = useState<Selection | null>(null);
  const { uploader, snapshot } = useFileUploader(selection?.file ?? null, selection?.attempt ?? 0);
  // The person's changes over the server's proposal; cleared with a new file or dataset.
  const [edits, setEdits] = useState<ColumnMapping>({});
  const [importId, setImportId] = useState<string | null>(null);
  // The server's default keeps the batches written before a cancel; some prefer all or nothing.
  const [rollbackOnCancel, setRollbackOnCancel] = useState(false);

  const uploadId = snapshot?.phase === 'complete' ? snapshot.uploadId : null;
  const preview = useQuery({
    ...trpc.uploads.preview.queryOptions({
      uploadId: uploadId ?? '',
      dataset: datasetName || 'orders',
    }),
    enabled: uploadId !== null && datasetName !== '',
    staleTime: Number.POSITIVE_INFINITY,
  });
  const mapping = useMemo<ColumnMapping>(
    () => (preview.data ? { ...mappingFromProposal(preview.data.proposal), ...edits } : {}),
    [preview.data, edits],
  );
  const sampleRejections = useMemo(
    () => (dataset && preview.data ? checkPreview(dataset, preview.data, mapping) : []),
    [dataset, preview.data, mapping],
  );
  const missing = dataset && preview.data ? unmappedRequired(dataset, mapping) : [];
  const badLines = new Set(sampleRejections.map((r) => r.row)).size;
  const problems = summariseProblems(sampleRejections);

  const start = useMutation(
    trpc.imports.createFromUpload.mutationOptions({
      onSuccess: (summary) => setImportId(summary.id),
    }),
  );
  const progress = useImportProgress(importId);
  const summary = progress.summary;
  const finished = summary !== undefined && !live(summary.status);
  const cancel = useMutation(trpc.imports.cancel.mutationOptions());
  useEffect(() => {
    if (!finished) return;
    // History and dataset pages show the new rows without a manual refresh.
    void queryClient.invalidateQueries({ queryKey: trpc.imports.list.pathKey() });
    void queryClient.invalidateQueries({ queryKey: trpc.datasets.pathKey() });
  }, [finished]);

  const pick = (file: File) => {
    setSelection((s) => ({ file, attempt: (s?.attempt ?? 0) + 1 }));
    setEdits({});
    setImportId(null);
    start.reset();
  };
  const startOver = () => {
    setSelection(null);
    setEdits({});
    setImportId(null);
    start.reset();
  };
  const chooseDataset = (name: DatasetName) => {
    setDatasetName(name);
    setEdits({});
  };
  const startImport = () => {
    if (!uploadId || !datasetName) return;
    start.mutate({
      uploadId,
      dataset: datasetName,
      mapping,
      options: { onCancel: rollbackOnCancel ? 'rollback' : 'keep' },
    });
  };

  const picking = !snapshot || snapshot.phase === 'cancelled';
  const importing = importId !== null || start.isPending;

  return (
    <>
      <PageHeader
        title="Upload a file"
        description="Large CSV files upload in resumable parts, are checked by checksum end to end, then import in the background."
        actions={
          selection && (
            <Button
              variant="secondary"
              size="sm"
              onClick={startOver}
              disabled={importing && !finished}
            >
              <RotateCcw aria-hidden="true" className="size-4" /> Another file
            </Button>
          )
        }
      />
      <div className="space-y-6">
        <Card aria-labelledby="file-title">
          <CardHeader id="file-title" title="1. File and dataset" />
          <CardBody className="space-y-5">
            <DatasetSelect value={datasetName} onChange={chooseDataset} />
            {picking ? (
              <FileDropZone onFile={pick} />
            ) : (
              snapshot &&
              uploader && (
                <UploadProgress
                  snapshot={snapshot}
                  onPause={() => uploader.pause()}
                  onResume={() => uploader.resume()}
                  onCancel={() => void uploader.cancel().then(() => setSelection(null))}
                />
              )
            )}
            {snapshot?.phase === 'failed' && selection && (
              <div className="flex gap-2">
                <Button variant="secondary" size="sm" onClick={() => pick(selection.file)}>
                  <RotateCcw aria-hidden="true" className="size-4" /> Try again
                </Button>
                <Button variant="ghost" size="sm" onClick={startOver}>
                  Choose another file
                </Button>
              </div>
            )}
          </CardBody>
        </Card>

        {uploadId && !dataset && (
          <Alert title="Choose a dataset">
            The file is uploaded; pick the dataset it goes into.
          </Alert>
        )}

        {uploadId && dataset && (
          <Card aria-labelledby="mapping-title">
            <CardHeader
              id="mapping-title"
              title="2. Columns"
              description={`Which file column feeds each column of ${dataset.label}. Columns marked * are required.`}
            />
            {preview.isError ? (
              <CardBody>
                <ErrorPanel
                  error={preview.error}
                  onRetry={() => preview.refetch()}
                  retrying={preview.isFetching}
                />
              </CardBody>
            ) : !preview.data ? (
              <LoadingRows label="Reading the first lines" />
            ) : (
              <fieldset disabled={importing} className="disabled:opacity-70">
                <legend className="sr-only">Column mapping</legend>
                <ColumnMappingTable
                  dataset={dataset}
                  preview={preview.data}
                  mapping={mapping}
                  onChange={(column, header) => setEdits((e) => ({ ...e, [column]: header }))}
                />
                <div className="border-t border-zinc-200 px-5 py-3 text-sm text-zinc-600">
                  {badLines === 0
                    ? `The first ${plural(preview.data.rows.length, 'line')} are valid under this mapping.`
                    : `${plural(badLines, 'line')} of the first ${preview.data.rows.length} would be rejected; they are marked below. Rejected lines go to the error report, the rest are imported.`}
                  {problems.length > 0 && (
                    <ul className="mt-1 list-disc pl-5 text-xs text-red-700">
                      {problems.slice(0, 5).map((p) => (
                        <li key={`${p.field}:${p.message}`}>
                          {p.field && <code className="font-mono">{p.field}</code>}
                          {p.field && ': '}
                          {p.message} ({plural(p.lines, 'line')})
                        </li>
                      ))}
                    </ul>
                  )}
                </div>
                <PreviewRowsTable
                  dataset={dataset}
                  preview={preview.data}
                  mapping={mapping}
                  rejections={sampleRejections}
                />
                <div className="flex flex-wrap items-center justify-end gap-3 border-t border-zinc-200 px-5 py-3">
                  <label className="mr-auto flex items-center gap-2 text-sm text-zinc-700">
                    <input
                      type="checkbox"
                      checked={rollbackOnCancel}
                      onChange={(e) => setRollbackOnCancel(e.target.checked)}
                      className="size-4 rounded border-zinc-300 text-indigo-600 focus-visible:outline-2 focus-visible:outline-indigo-600"
                    />
                    If I cancel, remove the rows already imported
                  </label>
                  {missing.length > 0 && (
                    <p className="text-sm text-red-600">
                      Choose a file column for {missing.join(', ')}.
                    </p>
                  )}
                  <Button
                    onClick={startImport}
                    disabled={missing.length > 0 || importing}
                    loading={start.isPending}
                  >
                    {!start.isPending && <Play aria-hidden="true" className="size-4" />} Start
                    import
                  </Button>
                </div>
              </fieldset>
            )}
            {start.isError && (
              <CardBody>
                <ErrorPanel error={start.error} onRetry={startImport} retrying={start.isPending} />
              </CardBody>
            )}
          </Card>
        )}

        {importId && (
          <Card aria-labelledby="import-title">
            <CardHeader id="import-title" title="3. Import" />
            <CardBody>
              {summary ? (
                <ImportProgress
                  summary={summary}
                  rolledBackOnCancel={rollbackOnCancel}
                  onCancel={() => cancel.mutate({ id: importId })}
                  cancelling={cancel.isPending}
                />
              ) : progress.error ? (
                <ErrorPanel error={progress.error} onRetry={progress.retry} />
              ) : (
                <LoadingRows label="Starting the import" />
              )}
              {cancel.isError && <ErrorPanel error={cancel.error} />}
            </CardBody>
          </Card>
        )}
      </div>
    </>
  );
}
