import { describe, expect, it } from 'vitest';
import { encodeTusMetadata } from '../../../src/lib/upload/tus-metadata';

const decode = (b64: string) =>
  new TextDecoder().decode(Uint8Array.from(atob(b64), (c) => c.charCodeAt(0)));

describe('encodeTusMetadata', () => {
  it('writes comma-separated "key base64" pairs, values as UTF-8', () => {
    const header = encodeTusMetadata({ filename: 'Bestellungen ä €.csv', filetype: 'csv' });
    const pairs = header.split(',').map((pair) => pair.split(' '));
    expect(pairs.map(([key]) => key)).toEqual(['filename', 'filetype']);
    expect(decode(pairs[0]?.[1] ?? '')).toBe('Bestellungen ä €.csv');
    expect(decode(pairs[1]?.[1] ?? '')).toBe('csv');
  });

  it('matches the tus specification example', () => {
    expect(encodeTusMetadata({ filename: 'world_domination_plan.pdf' })).toBe(
      'filename d29ybGRfZG9taW5hdGlvbl9wbGFuLnBkZg==',
    );
  });
});
