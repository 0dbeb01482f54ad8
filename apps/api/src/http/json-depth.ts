import { Transform, type TransformCallback } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import fp from 'fastify-plugin';
import { IntakeError } from '../errors.js';

const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;

export class JsonTooDeepError extends IntakeError {
  override name = 'JsonTooDeepError';
  // Fastify's body reader keeps a 4xx statusCode of a stream error as is.
  readonly statusCode = 400;
  constructor(maxDepth: number) {
    super(
      'JSON_TOO_DEEP',
      `The JSON body nests arrays/objects deeper than ${maxDepth} levels (MAX_JSON_DEPTH)`,
    );
  }
}

/**
 * Counts nesting while the bytes stream through, outside strings, and fails as soon as it
 * passes the limit: a hostile `[[[[...` is refused before it is buffered or parsed, and nothing
 * downstream (parsers, validators, loggers) ever walks a pathologically deep value. UTF-8
 * continuation bytes are >= 0x80, so the ASCII checks below never misread them.
 */
export class JsonDepthGuard extends Transform {
  private depth = 0;
  private inString = false;
  private escaped = false;
  /** Fastify compares this with Content-Length (it is the same: bytes pass unchanged). */
  receivedEncodedLength = 0;

  constructor(private readonly maxDepth: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.receivedEncodedLength += chunk.length;
    for (let i = 0; i < chunk.length; i++) {
      const byte = chunk[i];
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (byte === BACKSLASH) this.escaped = true;
        else if (byte === QUOTE) this.inString = false;
      } else if (byte === QUOTE) {
        this.inString = true;
      } else if (byte === OPEN_ARRAY || byte === OPEN_OBJECT) {
        if (++this.depth > this.maxDepth) {
          done(new JsonTooDeepError(this.maxDepth));
          return;
        }
      } else if (byte === CLOSE_ARRAY || byte === CLOSE_OBJECT) {
        this.depth--;
      }
    }
    done(null, chunk);
  }
}

/**
 * Every JSON body, on the REST face, tRPC (whose plugins read the body as a string and parse it
 * later) and webhook callbacks, passes the depth guard before any parser sees it.
 */
export const jsonDepthLimit = fp(
  async (app: FastifyInstance, opts: { maxDepth: number }) => {
    app.addHook('preParsing', async (req, _reply, payload) => {
      const type = req.headers['content-type'];
      if (typeof type !== 'string' || !/[/+]json\b/i.test(type)) return payload;
      const guard = new JsonDepthGuard(opts.maxDepth);
      payload.on('error', (err) => guard.destroy(err));
      return payload.pipe(guard);
    });
  },
  { name: 'intake-json-depth' },
);
