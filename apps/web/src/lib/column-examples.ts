import type { Column } from '@intake/schema';

const examples: Record<Column['kind'], string> = {
  text: '',
  email: 'ada@example.com',
  decimal: '12.50',
  currency: 'USD',
  enum: '',
  datetime: '2026-01-31T09:30:00Z',
  phone: '+14155550100',
  country: 'US',
};

/** A placeholder that shows the expected format; enums show their first allowed value. */
export function columnExample(column: Column): string {
  if (column.kind === 'enum') {
    // columns.ts describes enums as "one of a, b, c".
    return (
      column.description
        .replace(/^one of /, '')
        .split(',')[0]
        ?.trim() ?? ''
    );
  }
  return examples[column.kind];
}
