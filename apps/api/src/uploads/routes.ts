import { Readable } from 'node:stream';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { IntakeError, NotFoundError } from '../errors.js';
import { CHECKSUM_ALGORITHMS, parseUploadChecksum } from './checksum.js';
import {
  header,
  httpDate,
  OFFSET_CONTENT_TYPE,
  parseNonNegativeInt,
  parseUploadConcat,
  TUS_EXTENSIONS,
  TUS_VERSION,
  UPLOAD_ID,
} from './tus-protocol.js';
import { uploadAccess } from './upload-access.js';
import { displayName, parseUploadMetadata, serializeUploadMetadata } from './upload-metadata.js';
import type { UploadRecord } from './uploads-repo.js';
import type { ChunkInput, UploadsService } from './uploads-service.js';

export interface UploadRoutesOptions {
  service: UploadsService;
  /** Where the routes are mounted (`/api/uploads`): Location URLs and Upload-Concat parts. */
  prefix: string;
  maxUploadBytes: number;
}

type IdRequest = FastifyRequest<{ Params: { id: string } }>;

const badRequest = (message: string) => new IntakeError('BAD_REQUEST', message);

/** Ids are checked before anything else: an id that is not ours is simply unknown. */
const idOf = (req: IdRequest): string => {
  const { id } = req.params;
  if (!UPLOAD_ID.test(id)) throw new NotFoundError('Upload', id.slice(0, 64));
  return id;
};

const mediaType = (req: FastifyRequest) =>
  header(req.headers, 'content-type')?.split(';')[0]?.trim().toLowerCase();

/** The caller uploadAccess let through (it answers 401 before any route runs without one). */
const signedIn = (req: FastifyRequest) => {
  if (!req.auth) throw new IntakeError('UNAUTHORIZED', 'Sign in first');
  return req.auth;
};

/** The request carries a body (tus PATCH or creation-with-upload). */
const hasBody = (req: FastifyRequest) =>
  (parseNonNegativeInt(req.headers['content-length']) ?? 0) > 0 ||
  req.headers['transfer-encoding'] !== undefined;

/**
 * tus 1.0.0 over Fastify (https://tus.io/protocols/resumable-upload), mounted at `prefix`:
 * OPTIONS, POST (creation, creation-with-upload, concatenation), HEAD, PATCH, DELETE, and
 * `GET /:id/status` as JSON for the web app and the CLI. Errors use the REST error shape.
 */
export async function uploadRoutes(app: FastifyInstance, opts: UploadRoutesOptions) {
  const { service, prefix } = opts;

  // Bodies are never buffered: the handler gets the request stream and writes it to disk.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', (_req, payload, done) => done(null, payload));

  // Before the tus checks: an anonymous caller learns nothing about the protocol state.
  app.addHook('onRequest', uploadAccess(service.ownerOf));

  const isTus = (req: FastifyRequest) =>
    req.method !== 'OPTIONS' && !req.routeOptions.url?.endsWith('/status');

  app.addHook('onRequest', async (req, reply) => {
    if (isTus(req) && header(req.headers, 'tus-resumable') !== TUS_VERSION) {
      reply.header('Tus-Version', TUS_VERSION);
      throw new IntakeError(
        'PRECONDITION_FAILED',
        `Tus-Resumable: ${TUS_VERSION} is required (the only tus version served here)`,
      );
    }
  });
  app.addHook('onSend', async (req, reply) => {
    if (isTus(req)) reply.header('Tus-Resumable', TUS_VERSION);
    // An answer sent before the body was read (413, 409...): do not read gigabytes to keep
    // the connection alive; close it instead.
    const unread = parseNonNegativeInt(req.headers['content-length']) ?? Number.POSITIVE_INFINITY;
    if (reply.statusCode >= 400 && !req.raw.complete && unread > 64 * 1024) {
      reply.header('Connection', 'close');
    }
    // Node knows no reason phrase for tus's own status.
    if (reply.statusCode === 460) reply.raw.statusMessage = 'Checksum Mismatch';
  });

  const options = async (_req: FastifyRequest, reply: FastifyReply) =>
    reply
      .status(204)
      .header('Tus-Resumable', TUS_VERSION)
      .header('Tus-Version', TUS_VERSION)
      .header('Tus-Extension', TUS_EXTENSIONS.join(','))
      .header('Tus-Max-Size', String(opts.maxUploadBytes))
      .header('Tus-Checksum-Algorithm', CHECKSUM_ALGORITHMS.join(','))
      .send();
  app.options('/', options);
  app.options('/:id', options);

  const expires = (reply: FastifyReply, upload: UploadRecord) => {
    if (upload.status === 'uploading' && upload.expiresAt) {
      reply.header('Upload-Expires', httpDate(upload.expiresAt));
    }
  };

  const chunkInput = (req: FastifyRequest): Omit<ChunkInput, 'offset' | 'length'> => {
    if (mediaType(req) !== OFFSET_CONTENT_TYPE) {
      throw new IntakeError(
        'UNSUPPORTED_MEDIA_TYPE',
        `Upload data must be sent as Content-Type: ${OFFSET_CONTENT_TYPE}`,
      );
    }
    const checksum = parseUploadChecksum(header(req.headers, 'upload-checksum'));
    if (checksum === 'unsupported') {
      throw badRequest(
        `Upload-Checksum algorithm must be one of ${CHECKSUM_ALGORITHMS.join(', ')}`,
      );
    }
    if (checksum === undefined && req.headers['upload-checksum'] !== undefined) {
      throw badRequest('Upload-Checksum must be "<algorithm> <base64 digest>"');
    }
    return {
      checksum,
      contentLength: parseNonNegativeInt(req.headers['content-length']),
      body: req.body instanceof Readable ? req.body : Readable.from([]),
    };
  };

  app.post('/', async (req, reply) => {
    const concat = parseUploadConcat(header(req.headers, 'upload-concat'), prefix);
    if (!concat) {
      throw badRequest(
        `Upload-Concat must be "partial" or "final;" followed by ${prefix}/<id> URLs`,
      );
    }
    const metadata = parseUploadMetadata(header(req.headers, 'upload-metadata'));
    if (!metadata) {
      throw badRequest('Upload-Metadata must be comma-separated "key base64value" pairs');
    }
    const rawLength = req.headers['upload-length'];
    const deferred = header(req.headers, 'upload-defer-length');
    let length: number | null = null;
    if (concat.kind !== 'final') {
      if (deferred !== undefined && (deferred !== '1' || rawLength !== undefined)) {
        throw badRequest('Upload-Defer-Length must be 1 and comes instead of Upload-Length');
      }
      if (deferred === undefined) {
        const parsed = parseNonNegativeInt(rawLength);
        if (parsed === undefined) {
          throw badRequest('Upload-Length (a whole number of bytes) or Upload-Defer-Length: 1');
        }
        length = parsed;
      }
    }
    const caller = signedIn(req);
    const upload = await service.create({
      workspaceId: caller.workspaceId,
      userId: caller.userId,
      length,
      metadata,
      concat,
      clientIp: req.ip,
      chunk: hasBody(req) ? chunkInput(req) : undefined,
    });
    expires(reply, upload);
    return reply
      .status(201)
      .header('Location', `${prefix}/${upload.id}`)
      .header('Upload-Offset', String(upload.offset))
      .send();
  });

  app.head('/:id', async (req: IdRequest, reply) => {
    const upload = await service.get(idOf(req));
    reply
      .header('Cache-Control', 'no-store')
      .header('Upload-Offset', String(upload.offset))
      .header('Intake-Upload-Status', upload.status);
    if (upload.length === null) reply.header('Upload-Defer-Length', '1');
    else reply.header('Upload-Length', String(upload.length));
    if (Object.keys(upload.metadata).length > 0) {
      reply.header('Upload-Metadata', serializeUploadMetadata(upload.metadata));
    }
    if (upload.isPartial) reply.header('Upload-Concat', 'partial');
    if (upload.concatParts) {
      reply.header(
        'Upload-Concat',
        `final;${upload.concatParts.map((part) => `${prefix}/${part}`).join(' ')}`,
      );
    }
    expires(reply, upload);
    return reply.status(200).send();
  });

  app.patch('/:id', async (req: IdRequest, reply) => {
    const id = idOf(req);
    const offset = parseNonNegativeInt(req.headers['upload-offset']);
    if (offset === undefined) throw badRequest('Upload-Offset (a whole number) is required');
    const rawLength = req.headers['upload-length'];
    const length = parseNonNegativeInt(rawLength);
    if (rawLength !== undefined && length === undefined) {
      throw badRequest('Upload-Length must be a whole number of bytes');
    }
    const upload = await service.writeChunk(id, { ...chunkInput(req), offset, length });
    expires(reply, upload);
    return reply.status(204).header('Upload-Offset', String(upload.offset)).send();
  });

  app.delete('/:id', async (req: IdRequest, reply) => {
    await service.terminate(idOf(req));
    return reply.status(204).send();
  });

  app.get('/:id/status', async (req: IdRequest) => {
    const upload = await service.get(idOf(req));
    return {
      id: upload.id,
      offset: upload.offset,
      length: upload.length,
      status: upload.status,
      filename: displayName(upload.metadata),
      md5: upload.md5,
      sha256: upload.sha256,
      expiresAt: upload.status === 'uploading' ? (upload.expiresAt?.toISOString() ?? null) : null,
    };
  });
}
