import { DomainError } from '@zhanqian/core';

export interface FileType {
  ext: string;
  mime: string;
  /** Leading bytes the content must start with (checked when given). */
  magic?: number[];
}

export interface FilePolicy {
  maxBytes: number;
  types: FileType[];
}

/** Evidence: documents, scans and photos, up to 20 MB. */
export const EVIDENCE_POLICY: FilePolicy = {
  maxBytes: 20 * 1024 * 1024,
  types: [
    { ext: '.pdf', mime: 'application/pdf', magic: [0x25, 0x50, 0x44, 0x46] },
    { ext: '.png', mime: 'image/png', magic: [0x89, 0x50, 0x4e, 0x47] },
    { ext: '.jpg', mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
    { ext: '.jpeg', mime: 'image/jpeg', magic: [0xff, 0xd8, 0xff] },
    {
      ext: '.docx',
      mime: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
      magic: [0x50, 0x4b, 0x03, 0x04],
    },
    {
      ext: '.xlsx',
      mime: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
      magic: [0x50, 0x4b, 0x03, 0x04],
    },
  ],
};

/**
 * Checks a file against a policy: size, extension, declared MIME type and leading bytes.
 * Returns the matched type (its canonical MIME is what downloads are served with).
 *
 * @example checkFile(EVIDENCE_POLICY, '台账.pdf', 'application/pdf', bytes).ext // '.pdf'
 */
export function checkFile(policy: FilePolicy, name: string, mime: string, bytes: Uint8Array): FileType {
  if (bytes.byteLength === 0) throw new DomainError('BAD_INPUT', 'files.empty', { name });
  if (bytes.byteLength > policy.maxBytes)
    throw new DomainError('BAD_INPUT', 'files.tooLarge', {
      name,
      maxMb: Math.floor(policy.maxBytes / 1048576),
    });
  const dot = name.lastIndexOf('.');
  const ext = dot >= 0 ? name.slice(dot).toLowerCase() : '';
  const type = policy.types.find((t) => t.ext === ext);
  const baseMime = mime.split(';')[0]!.trim().toLowerCase();
  if (!type || (baseMime !== type.mime && baseMime !== 'application/octet-stream'))
    throw new DomainError('BAD_INPUT', 'files.badType', {
      name,
      allowed: [...new Set(policy.types.map((t) => t.ext))].join(' '),
    });
  if (type.magic && !type.magic.every((b, i) => bytes[i] === b))
    throw new DomainError('BAD_INPUT', 'files.contentMismatch', { name });
  return type;
}
