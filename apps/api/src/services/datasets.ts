import {
  type DatasetName,
  type DatasetRowsOutput,
  type DatasetSummary,
  datasets,
  getDataset,
} from '@intake/schema';
import type { Kysely } from 'kysely';
import { countRows, pageRows } from '../db/repos/dataset-rows.js';
import type { Database } from '../db/types.js';

export function createDatasetsService({ db }: { db: Kysely<Database> }) {
  return {
    async list(): Promise<{ items: DatasetSummary[] }> {
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
          rowCount: await countRows(db, dataset),
        })),
      );
      return { items };
    },

    rows(input: {
      dataset: DatasetName;
      cursor?: string | undefined;
      limit: number;
      search?: string | undefined;
    }): Promise<DatasetRowsOutput> {
      return pageRows(db, getDataset(input.dataset), input);
    },
  };
}

export type DatasetsService = ReturnType<typeof createDatasetsService>;
