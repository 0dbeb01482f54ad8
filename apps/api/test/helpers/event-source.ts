import { Agent, type Dispatcher, EventSource } from 'undici';

/**
 * tRPC's subscription link over undici's EventSource, sending `Authorization: Bearer` as a
 * program would (browsers send the session cookie instead). EventSource has no headers option;
 * undici lets its dispatcher add one.
 */
export function eventSourceWithToken(token: string) {
  const dispatcher = new Agent().compose(
    (dispatch) => (opts, handler) =>
      dispatch({ ...opts, headers: withAuthorization(opts.headers, `Bearer ${token}`) }, handler),
  );
  // The init dictionary of undici's EventSource (`node.dispatcher`), as tRPC passes it on.
  const eventSourceOptions: ConstructorParameters<typeof EventSource>[1] = { node: { dispatcher } };
  return { EventSource, eventSourceOptions };
}

function withAuthorization(
  headers: Dispatcher.DispatchOptions['headers'],
  value: string,
): Record<string, string> {
  const out: Record<string, string> = {};
  if (Array.isArray(headers)) {
    const flat = headers.flat() as string[];
    for (let i = 0; i + 1 < flat.length; i += 2) out[String(flat[i])] = String(flat[i + 1]);
  } else if (headers && typeof headers === 'object') {
    for (const [k, v] of Object.entries(headers as Record<string, unknown>))
      if (v !== undefined) out[k] = String(v);
  }
  out.authorization = value;
  return out;
}
