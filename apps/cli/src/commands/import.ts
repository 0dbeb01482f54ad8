import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { apiClient, type Connection, toCliError } from '../api-client.js';
import { type Command, connection, connectionHelp, connectionOptions, parse } from '../command.js';
import type { CliEnv } from '../env.js';
import { CliError, EXIT, type ExitCode, usageError } from '../exit-codes.js';
import { formatCount } from '../format.js';
import { loadMapping, showMapping } from '../mapping.js';
import { Ui } from '../ui.js';
import { type UploadResult, uploadFile } from '../upload.js';
import { JsonFileUrlStorage } from '../url-storage.js';
import { type ImportState, watchImport } from '../watch-import.js';

const DELIMITERS: Record<string, ',' | ';' | '\t' | '|'> = {
  ',': ',',
  ';': ';',
  '|': '|',
  '\t': '\t',
  '\\t': '\t',
  tab: '\t',
};

/** 64 MiB per PATCH: few requests, and a broken one still keeps the bytes that arrived. */
const DEFAULT_CHUNK_SIZE = 64 * 1024 * 1024;

const options = {
  ...connectionOptions,
  dataset: { type: 'string', short: 'd' },
  mapping: { type: 'string', default: 'auto' },
  delimiter: { type: 'string' },
  json: { type: 'boolean', default: false },
  // Hidden (tests): bytes per tus PATCH request.
  'chunk-size': { type: 'string' },
} as const;

export const importCommand: Command = {
  name: 'import',
  summary: 'upload a CSV/TSV file (resumable) and import it into a dataset',
  help: `Usage: intake import <file> --dataset NAME [options]

Uploads the file (resuming an interrupted upload of the same file), shows the proposed column
mapping, starts the import and follows it until it ends. Ctrl-C during the upload stops it (run
the command again to resume); during the import it asks the server to cancel.

Options:
  -d, --dataset NAME     dataset to import into, e.g. orders (required)
  --mapping auto|FILE    auto (default) accepts the proposed mapping; FILE is JSON
                         {"column": "header in the file" | null}
  --delimiter C          one of , ; | tab (default: from the file type; , for .csv)
  --json                 print exactly one JSON line at the end, nothing else on stdout
${connectionHelp}

Exit codes: 0 succeeded, 2 usage, 3 server refused, 4 import failed or cancelled,
5 server unreachable, 130 interrupted during the upload.`,

  async run(argv, env) {
    const { values, positionals } = parse(argv, options);
    const ui = new Ui(values.json);
    const facts: Partial<UploadResult> & { importId?: string } = {};
    try {
      return await runImport(ui, values, positionals, env, facts);
    } catch (error) {
      const err = toCliError(error, 'Import');
      if (values.json) {
        ui.result(
          JSON.stringify({
            importId: facts.importId ?? null,
            status: 'error',
            accepted: 0,
            rejected: 0,
            duplicates: 0,
            uploadId: facts.uploadId ?? null,
            error: err.message,
            code: err.code,
            exitCode: err.exitCode,
          }),
        );
      }
      throw err;
    }
  },
};

type Values = ReturnType<typeof parse<typeof options>>['values'];

async function runImport(
  ui: Ui,
  values: Values,
  positionals: string[],
  env: CliEnv,
  facts: Partial<UploadResult> & { importId?: string },
): Promise<ExitCode> {
  const [file, ...extra] = positionals;
  if (!file || extra.length > 0) throw usageError('import takes exactly one <file>');
  if (!values.dataset) throw usageError('--dataset is required (e.g. --dataset orders)');
  const path = resolve(env.cwd, file);
  if (!existsSync(path) || !statSync(path).isFile()) throw usageError(`No such file: ${path}`);
  let delimiter: ',' | ';' | '\t' | '|' | undefined;
  if (values.delimiter !== undefined) {
    delimiter = DELIMITERS[values.delimiter];
    if (!delimiter) throw usageError(`--delimiter must be one of , ; | tab`);
  }
  const chunkSize = values['chunk-size'] ? Number(values['chunk-size']) : env.chunkSize;
  if (chunkSize !== undefined && !(Number.isInteger(chunkSize) && chunkSize > 0)) {
    throw usageError('--chunk-size must be a positive number of bytes');
  }
  const mapping = await loadMapping(values.mapping, env.cwd);
  const conn: Connection = connection(values, env);
  const client = apiClient(conn);
  const storage = new JsonFileUrlStorage(join(env.configDir, 'uploads.json'));

  // First Ctrl-C: stop the upload, or cancel the import on the server. Second: leave now.
  const interrupt = new AbortController();
  const onSigint = () => {
    if (interrupt.signal.aborted) process.exit(EXIT.interrupted);
    interrupt.abort();
  };
  process.on('SIGINT', onSigint);
  try {
    // Before hashing and sending gigabytes: is the server there, and does it know the dataset?
    const { items } = await client.datasets.list.query().catch((error: unknown) => {
      throw toCliError(error, `Reaching ${conn.url}`);
    });
    const dataset = items.find((d) => d.name === values.dataset)?.name;
    if (!dataset) {
      throw new CliError(
        EXIT.refused,
        `Unknown dataset "${values.dataset}"; the server has: ${items.map((d) => d.name).join(', ')}`,
        'NOT_FOUND',
      );
    }

    const upload = await uploadFile({
      path,
      connection: conn,
      ui,
      storage,
      chunkSize: chunkSize ?? DEFAULT_CHUNK_SIZE,
      signal: interrupt.signal,
    });
    Object.assign(facts, upload);
    // Ctrl-C right as the upload finished: stop before an import exists, as during the upload.
    if (interrupt.signal.aborted) {
      throw new CliError(
        EXIT.interrupted,
        'Interrupted; the upload is complete and kept',
        'INTERRUPTED',
      );
    }

    // The preview reads with the file type's delimiter; with --delimiter its headers could be
    // wrong, so it is only shown without one.
    if (!delimiter) {
      const preview = await client.uploads.preview
        .query({ uploadId: upload.uploadId, dataset, rows: 20 })
        .catch((error: unknown) => forgetIfUnusable(error, storage, upload.uploadUrl));
      ui.note(`Columns of ${dataset} <- headers of ${file}:`);
      if (mapping) {
        showMapping(
          ui,
          Object.entries(mapping).map(([column, header]) => ({ column, header })),
        );
      } else {
        showMapping(ui, preview.proposal);
        if (preview.rejections.length > 0) {
          ui.note(
            `  (${preview.rejections.length} problem(s) in the first ${preview.rows.length} rows)`,
          );
        }
      }
    }

    const created = await client.imports.createFromUpload
      .mutate({
        uploadId: upload.uploadId,
        dataset,
        ...(mapping ? { mapping } : {}),
        ...(delimiter ? { options: { delimiter } } : {}),
      })
      .catch((error: unknown) => forgetIfUnusable(error, storage, upload.uploadUrl));
    facts.importId = created.id;
    // The import owns the upload now: the next run on this file is a new import.
    await storage.forgetUrl(upload.uploadUrl);
    ui.note(`Import ${created.id} ${created.status}`);

    const final = await watchImport(client, ui, created.id, interrupt.signal);
    report(ui, values.json, final, upload, conn);
    return final.status === 'succeeded' ? EXIT.ok : EXIT.importFailed;
  } finally {
    process.off('SIGINT', onSigint);
  }
}

/** A corrupt or vanished upload will never import: forget it so the next run uploads afresh. */
async function forgetIfUnusable(
  error: unknown,
  storage: JsonFileUrlStorage,
  uploadUrl: string,
): Promise<never> {
  const err = toCliError(error, 'The server refused the import');
  if (err.code === 'CONFLICT' || err.code === 'NOT_FOUND') await storage.forgetUrl(uploadUrl);
  throw err;
}

function report(
  ui: Ui,
  json: boolean,
  s: ImportState,
  upload: UploadResult,
  conn: Connection,
): void {
  const errorsUrl = `${conn.url}/api/imports/${s.id}/errors.csv`;
  if (json) {
    ui.result(
      JSON.stringify({
        importId: s.id,
        status: s.status,
        accepted: s.accepted,
        rejected: s.rejected,
        duplicates: s.duplicates,
        dataset: s.dataset,
        uploadId: upload.uploadId,
        bytes: upload.bytes,
        resumedFrom: upload.resumedFrom,
        error: s.error,
        errorsUrl: s.rejected > 0 ? errorsUrl : null,
        createdAt: s.createdAt,
        finishedAt: s.finishedAt,
      }),
    );
    return;
  }
  const seconds =
    s.finishedAt === null ? null : (Date.parse(s.finishedAt) - Date.parse(s.createdAt)) / 1000;
  ui.result(
    `Import ${s.id} ${s.status}: ${formatCount(s.accepted)} accepted, ${formatCount(s.rejected)} rejected, ${formatCount(s.duplicates)} duplicate keys${seconds === null ? '' : ` in ${seconds.toFixed(1)}s`}`,
  );
  if (s.error) ui.result(`Error: ${s.error}`);
  if (s.rejected > 0) ui.result(`Rejected rows: intake errors ${s.id} > errors.csv`);
}
