const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const count = new Intl.NumberFormat();

export const formatDateTime = (iso: string): string => dateTime.format(new Date(iso));
export const formatCount = (n: number): string => count.format(n);
export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${formatCount(n)} ${n === 1 ? one : many}`;
