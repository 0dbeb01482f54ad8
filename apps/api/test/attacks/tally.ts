import { afterAll } from 'vitest';

/**
 * Counts what an attack file tried and prints one line when it ends, for the README and the
 * issue's closing note: `[attacks] <file>: N attacks, M fuzz cases, K answers 5xx`.
 */
export function tally(file: string) {
  const counts = { attacks: 0, fuzzCases: 0, serverErrors: 0 };
  afterAll(() => {
    console.log(
      `[attacks] ${file}: ${counts.attacks} attacks, ${counts.fuzzCases} fuzz cases, ${counts.serverErrors} answers 5xx`,
    );
  });
  return {
    counts,
    /** One hostile request sent; its status, so 5xx answers are counted too. */
    attack(status: number) {
      counts.attacks++;
      if (status >= 500) counts.serverErrors++;
    },
    fuzz(status: number) {
      counts.fuzzCases++;
      if (status >= 500) counts.serverErrors++;
    },
  };
}
