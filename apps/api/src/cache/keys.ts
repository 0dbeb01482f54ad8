/** Invalidation groups: what one write changes at once. */

/** Row pages and the row count of one dataset: any import batch, rollback or cell update. */
export const datasetGroup = (dataset: string) => `dataset:${dataset}`;

/** One import's detail (cached only once finished, when it no longer changes). */
export const importGroup = (importId: string) => `import:${importId}`;
