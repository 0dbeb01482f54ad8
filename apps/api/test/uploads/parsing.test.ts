import { describe, expect, it } from 'vitest';
import { parseUploadChecksum } from '../../src/uploads/checksum.js';
import { parseNonNegativeInt, parseUploadConcat } from '../../src/uploads/tus-protocol.js';
import {
  declaredDigests,
  displayName,
  fileTypeOf,
  parseUploadMetadata,
  serializeUploadMetadata,
} from '../../src/uploads/upload-metadata.js';

const id = 'a'.repeat(32);

describe('tus header parsing', () => {
  it('reads Upload-Metadata pairs, keys without values, and refuses malformed ones', () => {
    expect(parseUploadMetadata('filename b3JkZXJzLmNzdg==,is_confidential')).toEqual({
      filename: 'orders.csv',
      is_confidential: null,
    });
    expect(parseUploadMetadata(undefined)).toEqual({});
    for (const bad of ['a b c', 'a ***', 'a YQ==,a YQ==', 'k\u00e9y YQ==', ' , ']) {
      expect(parseUploadMetadata(bad), bad).toBeUndefined();
    }
    const meta = { filename: 'ünïcode, "quoted".csv', flag: null };
    expect(parseUploadMetadata(serializeUploadMetadata(meta))).toEqual(meta);
  });

  it('takes the file type from filetype or the last segment of filename', () => {
    expect(fileTypeOf({ filename: 'a.CSV' })).toBe('csv');
    expect(fileTypeOf({ filename: '../../etc/passwd' })).toBeUndefined();
    expect(fileTypeOf({ filename: 'dir.csv/x.exe' })).toBe('exe');
    expect(fileTypeOf({ filename: 'x.exe', filetype: 'text/csv' })).toBe('csv');
    expect(fileTypeOf({ filetype: '.tsv' })).toBe('tsv');
    expect(displayName({ filename: '..\\..\\win\\a\u0000b.csv' })).toBe('ab.csv');
    expect(displayName({ filename: 'x/..' })).toBeNull();
  });

  it('checks declared digests are hex of the right length', () => {
    expect(declaredDigests({ md5: 'A'.repeat(32) })).toEqual({ md5: 'a'.repeat(32) });
    expect(declaredDigests({ md5: 'x'.repeat(32) })).toBe(false);
    expect(declaredDigests({ sha256: 'a'.repeat(63) })).toBe(false);
  });

  it('reads Upload-Checksum, Upload-Concat and integer headers strictly', () => {
    expect(parseUploadChecksum('sha1 Kq5sNclPz7QV2+lfQIuc6R7oRu0=')).toMatchObject({
      algorithm: 'sha1',
    });
    expect(parseUploadChecksum('crc32 AAAA')).toBe('unsupported');
    expect(parseUploadChecksum('sha1')).toBeUndefined();
    expect(parseUploadConcat('partial', '/api/uploads')).toEqual({ kind: 'partial' });
    expect(
      parseUploadConcat(`final;/api/uploads/${id} http://h:1/api/uploads/${id}`, '/api/uploads'),
    ).toEqual({ kind: 'final', parts: [id, id] });
    for (const bad of ['final;', 'final;/api/uploads/../x', `final;/other/${id}`, 'whole']) {
      expect(parseUploadConcat(bad, '/api/uploads'), bad).toBeUndefined();
    }
    expect(parseNonNegativeInt('42')).toBe(42);
    for (const bad of ['-1', '1.5', ' 1', '1e3', '99999999999999999', undefined]) {
      expect(parseNonNegativeInt(bad), String(bad)).toBeUndefined();
    }
  });
});
