import {
  type CreateFromRowsInput,
  checkRow,
  type DatasetName,
  datasets,
  type Rejection,
} from '@intake/schema';
import { useMutation } from '@tanstack/react-query';
import { Braces, Table2 } from 'lucide-react';
import { useDeferredValue, useMemo, useState } from 'react';
import { DatasetSelect } from '../components/dataset-select';
import { ErrorPanel } from '../components/error-panel';
import { ImportResult } from '../components/import-result';
import { JsonRowsEditor } from '../components/json-rows-editor';
import { PageHeader } from '../components/page-header';
import { RowsGrid } from '../components/rows-grid';
import { SendBar } from '../components/send-bar';
import { Card, CardBody, CardHeader } from '../components/ui/card';
import { Tabs } from '../components/ui/tabs';
import { toAppError } from '../lib/app-error';
import { cellKey, toCellErrors } from '../lib/cell-errors';
import { emptyRow, type GridRow, gridRowsToObjects, objectsToGridRows } from '../lib/grid-rows';
import { parseJsonRows } from '../lib/parse-json-rows';
import { uniqueRejections } from '../lib/unique-rejections';
import { queryClient, trpc } from '../trpc';

type Mode = 'grid' | 'json';

const modes = [
  {
    value: 'grid',
    label: (
      <>
        <Table2 aria-hidden="true" className="size-4" /> Grid
      </>
    ),
  },
  {
    value: 'json',
    label: (
      <>
        <Braces aria-hidden="true" className="size-4" /> Paste JSON
      </>
    ),
  },
] as const;

export function NewImportPage() {
  const [datasetName, setDatasetName] = useState<DatasetName | ''>('');
  const dataset = datasetName ? datasets[datasetName] : undefined;
  const [mode, setMode] = useState<Mode>('grid');
  const [gridRows, setGridRows] = useState<GridRow[]>(() => [emptyRow()]);
  const [jsonText, setJsonText] = useState('');
  // Messages appear for cells the person has left, and for every cell once they try to send:
  // a fresh row full of "is required" would be noise.
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [confirming, setConfirming] = useState(false);
  // Server messages point at rows as they were sent; after an edit they may point elsewhere.
  const [editVersion, setEditVersion] = useState(0);
  const [sentVersion, setSentVersion] = useState(-1);

  const mutation = useMutation(
    trpc.imports.createFromRows.mutationOptions({
      onSuccess: () =>
        Promise.all([
          queryClient.invalidateQueries({ queryKey: trpc.imports.pathKey() }),
          queryClient.invalidateQueries({ queryKey: trpc.datasets.pathKey() }),
        ]),
    }),
  );

  // Parsing and checking thousands of pasted rows must not make typing lag.
  const deferredJson = useDeferredValue(jsonText);
  const parsed = useMemo(
    () =>
      mode === 'json'
        ? parseJsonRows(deferredJson)
        : { ok: true as const, rows: gridRowsToObjects(gridRows) },
    [mode, deferredJson, gridRows],
  );
  const rows = parsed.ok ? parsed.rows : [];
  const checks = useMemo(
    () => (dataset ? rows.map((row, i) => checkRow(dataset, row, i + 1)) : []),
    [dataset, rows],
  );
  const clientRejections = checks.flatMap((c) => (c.ok ? [] : c.rejections));
  const problemRows = checks.filter((c) => !c.ok).length;

  const current = sentVersion === editVersion;
  const serverError = current && mutation.error ? toAppError(mutation.error) : undefined;
  const serverIssues = serverError?.kind === 'business' ? serverError.issues : [];
  const serverRejections = current && mutation.data ? mutation.data.rejected : [];
  const visibleClient = showAll
    ? clientRejections
    : clientRejections.filter((r) => touched.has(cellKey(r.row, r.field)));
  const shown: Rejection[] = [...visibleClient, ...serverRejections];
  const cellErrors = toCellErrors(shown, serverIssues);

  const edited = () => {
    setEditVersion((v) => v + 1);
    setConfirming(false);
  };

  const clear = () => {
    setGridRows([emptyRow()]);
    setJsonText('');
    setTouched(new Set());
    setShowAll(false);
    edited();
  };

  const chooseDataset = (name: DatasetName) => {
    setDatasetName(name);
    clear();
    mutation.reset();
  };

  const changeMode = (next: Mode) => {
    if (next === mode) return;
    const filled = gridRowsToObjects(gridRows);
    if (next === 'json' && filled.length > 0) setJsonText(JSON.stringify(filled, null, 2));
    if (next === 'grid' && parsed.ok && parsed.rows.length > 0) {
      setGridRows(objectsToGridRows(parsed.rows));
    }
    setMode(next);
    setTouched(new Set());
    edited();
  };

  const send = () => {
    if (!datasetName) return;
    // The server gets every row, valid or not: its answer says which rows it rejected and why.
    // Non-object items are sent too; the server's input validation names them.
    const input: CreateFromRowsInput = {
      dataset: datasetName,
      rows: rows as CreateFromRowsInput['rows'],
    };
    setSentVersion(editVersion);
    setConfirming(false);
    mutation.mutate(input);
  };

  const submit = () => {
    setShowAll(true);
    if (problemRows > 0) setConfirming(true);
    else send();
  };

  const canSend = dataset !== undefined && parsed.ok && rows.length > 0 && !mutation.isPending;

  return (
    <>
      <PageHeader
        title="New import"
        description="Add rows to a dataset. Every row is checked before sending, and the server says exactly which rows it rejected and why."
      />
      <div className="space-y-6">
        <Card>
          <CardBody>
            <DatasetSelect
              value={datasetName}
              onChange={chooseDataset}
              error={serverIssues.find((issue) => issue.path === 'dataset')?.message}
            />
          </CardBody>
        </Card>

        {dataset && (
          <Card aria-labelledby="rows-title">
            <CardHeader
              id="rows-title"
              title="Rows"
              description={`Columns marked * are required; ${dataset.key} is the key: importing an existing key updates that row.`}
            />
            <CardBody>
              <Tabs label="How to enter rows" items={modes} value={mode} onChange={changeMode}>
                {mode === 'grid' ? (
                  <RowsGrid
                    dataset={dataset}
                    rows={gridRows}
                    errors={cellErrors}
                    onCellChange={(rowId, column, value) => {
                      setGridRows((all) =>
                        all.map((r) =>
                          r.id === rowId ? { ...r, cells: { ...r.cells, [column]: value } } : r,
                        ),
                      );
                      edited();
                    }}
                    onCellBlur={(rowNumber, column) =>
                      setTouched((t) => new Set(t).add(cellKey(rowNumber, column)))
                    }
                    onAddRow={() => {
                      setGridRows((all) => [...all, emptyRow()]);
                      edited();
                    }}
                    onRemoveRow={(rowId) => {
                      setGridRows((all) => {
                        const rest = all.filter((r) => r.id !== rowId);
                        return rest.length > 0 ? rest : [emptyRow()];
                      });
                      // Row numbers shift, so remembered cells would point at the wrong rows.
                      setTouched(new Set());
                      edited();
                    }}
                  />
                ) : (
                  <JsonRowsEditor
                    dataset={dataset}
                    value={jsonText}
                    onChange={(text) => {
                      setJsonText(text);
                      edited();
                    }}
                    parseError={parsed.ok ? undefined : parsed.message}
                    rejections={uniqueRejections([...clientRejections, ...serverRejections])}
                  />
                )}
              </Tabs>
            </CardBody>
            <SendBar
              rowCount={rows.length}
              problemRows={problemRows}
              canSend={canSend}
              pending={mutation.isPending}
              confirming={confirming}
              onSubmit={submit}
              onConfirm={send}
              onCancel={() => setConfirming(false)}
              onClear={clear}
            />
          </Card>
        )}

        {mutation.isError && current && (
          <ErrorPanel error={mutation.error} onRetry={send} retrying={mutation.isPending} />
        )}
        {mutation.data && <ImportResult key={mutation.data.importId} result={mutation.data} />}
      </div>
    </>
  );
}
