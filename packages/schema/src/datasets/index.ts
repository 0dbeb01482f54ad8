import type { Dataset } from '../dataset.js';
import { contacts } from './contacts.js';
import { orders } from './orders.js';

/** Every dataset Intake knows. A new dataset is one file in this folder plus one line here. */
export const datasets = { orders, contacts } as const;

export type DatasetName = keyof typeof datasets;
export const datasetNames = Object.keys(datasets) as [DatasetName, ...DatasetName[]];

export function getDataset(name: DatasetName): Dataset {
  return datasets[name];
}
