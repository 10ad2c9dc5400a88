// The files a case takes (images, PDF, Word, Excel; at most 10 MiB), checked in the browser
// before they are read as base64; the server checks type, size and the bytes again.
import type { CaseFileType } from '../../api/cases.ts';
import type { Lang, Translate } from '../../i18n/i18n.tsx';
import { formatBytes } from '../../lib/format.ts';

/** The server's limit (src/services/case.service.ts). */
export const MAX_CASE_FILE_BYTES = 10 * 1024 * 1024;

const DOCX: CaseFileType =
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX: CaseFileType = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

const BY_EXTENSION: Record<string, CaseFileType> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  pdf: 'application/pdf',
  docx: DOCX,
  xlsx: XLSX,
};
const TYPES = [...new Set(Object.values(BY_EXTENSION))];

/** For the file input: the types by name and by extension. */
export const CASE_FILE_ACCEPT = [...TYPES, ...Object.keys(BY_EXTENSION).map((x) => `.${x}`)].join(
  ',',
);

/**
 * The file's type when a case may take it: as the browser says, else by its extension (some
 * systems call a .docx application/zip or nothing at all). The server checks the bytes.
 */
export function caseFileType(file: File): CaseFileType | null {
  const declared = TYPES.find((x) => x === file.type);
  if (declared) return declared;
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  return ext ? (BY_EXTENSION[ext] ?? null) : null;
}

/** Why the file cannot be attached, in the UI language; null when it can. */
export function caseFileProblem(file: File, t: Translate, lang: Lang): string | null {
  if (!caseFileType(file)) return t('cases.file.type', { name: file.name });
  if (file.size > MAX_CASE_FILE_BYTES) {
    return t('cases.file.tooBig', { name: file.name, size: formatBytes(file.size, lang) });
  }
  return null;
}

export const isImage = (type: string): boolean => type.startsWith('image/');

/** The file's bytes in base64 (without the data: prefix). */
export function readBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      resolve(url.slice(url.indexOf(',') + 1));
    };
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}
