import { describe, expect, it } from 'vitest';
import { addSample, rateOf } from '../../../src/lib/upload/transfer-rate';

describe('transfer rate', () => {
  it('is unknown with fewer than two samples', () => {
    expect(rateOf([], 100)).toEqual({ bytesPerSecond: 0, etaSeconds: null });
    expect(rateOf([{ at: 0, bytes: 10 }], 100)).toEqual({ bytesPerSecond: 0, etaSeconds: null });
  });

  it('divides the bytes of the window by its time, and the rest by the speed', () => {
    const samples = [
      { at: 0, bytes: 0 },
      { at: 1000, bytes: 1_000_000 },
      { at: 2000, bytes: 2_000_000 },
    ];
    expect(rateOf(samples, 10_000_000)).toEqual({ bytesPerSecond: 1_000_000, etaSeconds: 8 });
  });

  it('forgets samples older than five seconds, so a slowdown shows', () => {
    let samples = addSample([], { at: 0, bytes: 0 });
    samples = addSample(samples, { at: 1000, bytes: 50_000_000 });
    samples = addSample(samples, { at: 7000, bytes: 51_000_000 });
    expect(samples).toEqual([{ at: 7000, bytes: 51_000_000 }]);
    samples = addSample(samples, { at: 8000, bytes: 52_000_000 });
    expect(rateOf(samples, 52_000_000).bytesPerSecond).toBe(1_000_000);
  });

  it('drops samples above a lower new one (a restart reporting less)', () => {
    const samples = addSample([{ at: 0, bytes: 500 }], { at: 100, bytes: 200 });
    expect(samples).toEqual([{ at: 100, bytes: 200 }]);
  });
});
