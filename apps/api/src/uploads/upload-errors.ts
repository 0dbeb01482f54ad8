import { IntakeError } from '../errors.js';
import { fileTypeOf, type UploadMetadata } from './upload-metadata.js';

/** Errors of the uploads domain whose wording several paths share. */
export const gone = (id: string) =>
  new IntakeError('GONE', `Upload ${id} expired and its data was deleted; start a new upload`);

export const locked = (id: string) =>
  new IntakeError(
    'LOCKED',
    `Upload ${id} is being written by another request; retry when it has finished`,
  );

export const tooLarge = (length: number, max: number) =>
  new IntakeError(
    'PAYLOAD_TOO_LARGE',
    `Upload of ${length} bytes exceeds the limit of ${max} bytes (MAX_UPLOAD_BYTES)`,
  );

/** 415 unless the metadata declares one of the allowed types (filetype or filename extension). */
export function checkType(metadata: UploadMetadata, allowed: string[]): void {
  const type = fileTypeOf(metadata);
  if (type === undefined || !allowed.includes(type)) {
    throw new IntakeError(
      'UNSUPPORTED_MEDIA_TYPE',
      `Only ${allowed.join(', ')} files can be uploaded; declare the type with ` +
        `the filename or filetype metadata${type ? ` (got ${JSON.stringify(type)})` : ''}`,
    );
  }
}
