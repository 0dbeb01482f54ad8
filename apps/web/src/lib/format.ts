const dateTime = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
// Log entries (webhook deliveries) happen seconds apart; minutes would make them look alike.
const timestamp = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
const date = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const time = new Intl.DateTimeFormat(undefined, { timeStyle: 'medium' });
const count = new Intl.NumberFormat();

export const formatDateTime = (iso: string): string => dateTime.format(new Date(iso));
export const formatTimestamp = (iso: string): string => timestamp.format(new Date(iso));
export const formatDate = (iso: string): string => date.format(new Date(iso));
export const formatTime = (iso: string): string => time.format(new Date(iso));
export const formatCount = (n: number): string => count.format(n);
export const formatMs = (ms: number): string => `${count.format(ms)} ms`;
export const plural = (n: number, one: string, many = `${one}s`): string =>
  `${formatCount(n)} ${n === 1 ? one : many}`;

const units = ['B', 'kB', 'MB', 'GB', 'TB'];
/** Decimal units (1 MB = 10^6 bytes), as file managers show sizes. */
export function formatBytes(bytes: number): string {
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** `45 s`, `3 min 5 s`, `1 h 2 min`: a time left, rounded up so it never reads 0 too early. */
export function formatDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}
