/** Figures of the Health page, as an operator reads them. */
export const formatMs = (ms: number | null): string =>
  ms === null
    ? '–'
    : ms >= 1000
      ? `${(ms / 1000).toFixed(2)} s`
      : `${ms.toFixed(ms < 10 ? 1 : 0)} ms`;

export const formatShare = (share: number): string =>
  share === 0 ? '0 %' : `${(share * 100).toFixed(share < 0.001 ? 3 : share < 0.1 ? 2 : 1)} %`;

export const formatRate = (perSecond: number): string =>
  perSecond >= 100 ? perSecond.toFixed(0) : perSecond.toFixed(2);

export const windowLabel = (seconds: number): string => `${seconds / 60} min`;
