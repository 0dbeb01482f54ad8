import {
  type DatasetName,
  type DatasetRowsOutput,
  type DatasetSummary,
  datasets,
  getDataset,
} from '@intake/schema';
import type { Kysely } from 'kysely';
import type { Cache } from '../cache/cache.js';
import { datasetGroup } from '../cache/keys.js';
import { countRows, pageRows } from '../db/repos/dataset-rows.js';
import type { Database } from '../db/types.js';

/** Counts and row pages are read through the cache; every write to a dataset invalidates both. */
export function createDatasetsService({ db, cache }: { db: Kysely<Database>; cache: Cache }) {
  const counts = cache.region<number>('dataset-count');
  const pages = cache.region<DatasetRowsOutput>('dataset-rows');
  return {
    /** The workspace is the cache scope: one workspace's rows are never another's hit. */
    async list(scope: string): Promise<{ items: DatasetSummary[] }> {
      const items = await Promise.all(
        Object.values(datasets).map(async (dataset) => ({
          name: dataset.name as DatasetName,
          label: dataset.label,
          key: dataset.key,
          columns: dataset.columnNames.map((name) => {
            const col = dataset.columns[name];
            return {
              name,
              kind: col?.kind ?? 'text',
              required: col?.required ?? false,
              description: col?.description ?? '',
            };
          }),
          rowCount: await counts.getOrLoad(
            { scope, group: datasetGroup(dataset.name), id: 'count' },
            () => countRows(db, dataset, scope),
          ),
        })),
      );
      return { items };
    },

    rows(
      scope: string,
      input: {
        dataset: DatasetName;
        cursor?: string | undefined;
        limit: number;
        search?: string | undefined;
      },
    ): Promise<DatasetRowsOutput> {
      const id = JSON.stringify([input.cursor ?? null, input.limit, input.search ?? null]);
      return pages.getOrLoad({ scope, group: datasetGroup(input.dataset), id }, () =>
        pageRows(db, getDataset(input.dataset), scope, input),
      );
    },
  };
}

export type DatasetsService = ReturnType<typeof createDatasetsService>;
