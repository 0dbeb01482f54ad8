import { TRPCError } from '@trpc/server';

const NOT_READ = 0;
const READ = 1;
const FAILED = 2;

/**
 * The inputs of one request, parsed on first use and shared by its calls, like `memo(getInputs)`
 * in tRPC's `contentType.ts`: a procedure without an input parser never parses, so invalid JSON
 * only fails the calls that read it (400 BAD_REQUEST, never 500).
 */
export class LazyInputs {
  private state = NOT_READ;
  private values: unknown[] | undefined;
  private error: unknown;

  constructor(
    /** GET `?input=` or the POST body, as text. */
    private readonly source: string | undefined,
    private readonly isPost: boolean,
    private readonly isBatchCall: boolean,
    private readonly callCount: number,
    private readonly deserialize: (value: unknown) => unknown,
  ) {}

  /** `getRawInput` of call `index`; throws the same TRPCError on every read after a failure. */
  read(index: number): unknown {
    if (this.state === NOT_READ) this.parse();
    if (this.state === FAILED) throw this.error;
    return this.values?.[index];
  }

  /** `call.result()`: the input if already parsed, without parsing. */
  result(index: number): unknown {
    return this.state === READ ? this.values?.[index] : undefined;
  }

  private parse(): void {
    try {
      this.values = this.parseAll();
      this.state = READ;
    } catch (cause) {
      this.state = FAILED;
      this.error =
        cause instanceof TRPCError
          ? cause
          : new TRPCError({
              code: 'BAD_REQUEST',
              message: cause instanceof Error ? cause.message : 'Invalid input',
              cause,
            });
    }
  }

  private parseAll(): unknown[] | undefined {
    let inputs: unknown;
    if (this.isPost) {
      // The official adapter reads the body through `Request.json()`, whose UTF-8 decode drops a
      // leading byte order mark (https://encoding.spec.whatwg.org/#utf-8-decode).
      const body = this.source ?? '';
      inputs = JSON.parse(body.charCodeAt(0) === 0xfeff ? body.slice(1) : body);
    } else if (this.source) {
      inputs = JSON.parse(this.source);
    }
    if (inputs === undefined) return undefined;
    if (!this.isBatchCall) return [this.deserialize(inputs)];
    if (typeof inputs !== 'object' || inputs === null || Array.isArray(inputs)) {
      throw new TRPCError({
        code: 'BAD_REQUEST',
        message: '"input" needs to be an object when doing a batch call',
      });
    }
    const byIndex = inputs as Record<number, unknown>;
    const values = new Array<unknown>(this.callCount);
    for (let index = 0; index < this.callCount; index++) {
      const input = byIndex[index];
      if (input !== undefined) values[index] = this.deserialize(input);
    }
    return values;
  }
}
