import type { ColumnMapping, Dataset, Rejection, UploadPreview } from '@intake/schema';
import { checkRow } from '@intake/schema';

export type Confidence = 'exact' | 'likely' | 'guess' | 'none';

/**
 * The server's proposal scores 1 for the same name, 0.9 for the same after normalising case
 * and punctuation, 0.8 for a known synonym and less for a fuzzy match (uploads.preview).
 */
export function confidenceOf(score: number): Confidence {
  if (score >= 0.9) return 'exact';
  if (score >= 0.8) return 'likely';
  if (score > 0) return 'guess';
  return 'none';
}

export const mappingFromProposal = (proposal: UploadPreview['proposal']): ColumnMapping =>
  Object.fromEntries(proposal.map((p) => [p.column, p.header]));

/** One file line as the dataset row the import would build from it, as the server does. */
export function rowFromLine(
  headers: readonly string[],
  values: readonly string[],
  mapping: ColumnMapping,
): Record<string, string> {
  const row: Record<string, string> = {};
  for (const [column, header] of Object.entries(mapping)) {
    const index = header === null ? -1 : headers.indexOf(header);
    if (index >= 0) row[column] = values[index] ?? '';
  }
  return row;
}

/** Problems of the sample lines under `mapping`, by file line number, as the import would see them. */
export function checkPreview(
  dataset: Dataset,
  preview: Pick<UploadPreview, 'headers' | 'rows'>,
  mapping: ColumnMapping,
): Rejection[] {
  return preview.rows.flatMap((line) => {
    const check = checkRow(dataset, rowFromLine(preview.headers, line.values, mapping), line.line);
    return check.ok ? [] : check.rejections;
  });
}

/** Required dataset columns the mapping leaves empty: the server would refuse to start. */
export const unmappedRequired = (dataset: Dataset, mapping: ColumnMapping): string[] =>
  dataset.columnNames.filter((c) => dataset.columns[c]?.required && !mapping[c]);
