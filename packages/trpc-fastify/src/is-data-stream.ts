// `isDataStream` from tRPC's `resolveResponse.ts`: a result the JSON response cannot carry (an
// async iterable, or an object holding promises or async iterables) is answered with 415, as
// the official adapter does outside httpBatchStreamLink.

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isAsyncIterable(value: unknown): boolean {
  return isObject(value) && Symbol.asyncIterator in value;
}

function isPromise(value: unknown): boolean {
  if (!isObject(value) && typeof value !== 'function') return false;
  const thenable = value as { then?: unknown; catch?: unknown };
  return typeof thenable.then === 'function' && typeof thenable.catch === 'function';
}

export function isDataStream(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (isAsyncIterable(value)) return true;
  for (const item of Object.values(value)) {
    if (isPromise(item) || isAsyncIterable(item)) return true;
  }
  return false;
}
