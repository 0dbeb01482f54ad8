import type { z } from 'zod';
import type { RequestContext } from './errors/http-client-error.js';
import { issuesFromZod, ResponseValidationError } from './errors/response-validation-error.js';

export type ResponseHeaders = Readonly<Record<string, string | string[] | undefined>>;

/** A completed call: status, headers and the whole body, already read (bounded) from the socket. */
export class HttpResponse {
  readonly status: number;
  readonly headers: ResponseHeaders;
  /** Method, redacted URL and request id of the call, as errors carry them. */
  readonly request: RequestContext;
  // Text bodies arrive decoded, binary ones as bytes; each form is derived once, on demand.
  #bytes: Buffer | undefined;
  #text: string | undefined;

  constructor(
    request: RequestContext,
    status: number,
    headers: ResponseHeaders,
    payload: Buffer | string,
  ) {
    this.request = request;
    this.status = status;
    this.headers = headers;
    if (typeof payload === 'string') this.#text = payload;
    else this.#bytes = payload;
  }

  /** The raw body. */
  get body(): Buffer {
    this.#bytes ??= Buffer.from(this.#text ?? '', 'utf8');
    return this.#bytes;
  }

  get ok(): boolean {
    return this.status >= 200 && this.status < 300;
  }

  text(): string {
    this.#text ??= this.#bytes?.toString('utf8') ?? '';
    return this.#text;
  }

  /**
   * Parses the body as JSON and, given a zod schema, validates it: the result is typed from the
   * schema and a mismatch throws ResponseValidationError naming each failing path. An empty body
   * (204, HEAD) reads as `undefined`.
   */
  json<S extends z.ZodType>(schema: S): z.output<S>;
  json<T = unknown>(): T;
  json(schema?: z.ZodType): unknown {
    let data: unknown;
    try {
      const text = this.text();
      data = text === '' ? undefined : JSON.parse(text);
    } catch (error) {
      throw new ResponseValidationError(
        this.request,
        this.status,
        [{ path: '(root)', message: 'body is not valid JSON' }],
        { cause: error },
      );
    }
    if (!schema) return data;
    const result = schema.safeParse(data);
    if (!result.success) {
      throw new ResponseValidationError(this.request, this.status, issuesFromZod(result.error), {
        cause: result.error,
      });
    }
    return result.data;
  }
}
