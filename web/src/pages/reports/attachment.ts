// The screenshot or file of a report, checked in the browser before it is read (type, at most
// 5 MiB) and read as base64 for the JSON body; the server checks both again, and the bytes.
import type { ReportAttachmentType } from '../../api/types.ts';
import type { Lang, Translate } from '../../i18n/i18n.tsx';
import { formatBytes } from '../../lib/format.ts';

/** The server's limit: 5 MiB of file (src/services/report.service.ts). */
export const MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024;

const TYPES: readonly ReportAttachmentType[] = [
  'image/png',
  'image/jpeg',
  'image/webp',
  'image/gif',
  'application/pdf',
];

const BY_EXTENSION: Record<string, ReportAttachmentType> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  webp: 'image/webp',
  gif: 'image/gif',
  pdf: 'application/pdf',
};

/** For the file input: the types by name and by extension (some phones know only one). */
export const ACCEPT = [...TYPES, ...Object.keys(BY_EXTENSION).map((x) => `.${x}`)].join(',');

/** The file's type when it may be attached: as the browser says, else by its extension. */
export function attachmentType(file: File): ReportAttachmentType | null {
  const declared = TYPES.find((x) => x === file.type);
  if (declared) return declared;
  if (file.type && file.type !== 'application/octet-stream') return null;
  const ext = /\.([a-z0-9]+)$/i.exec(file.name)?.[1]?.toLowerCase();
  return ext ? (BY_EXTENSION[ext] ?? null) : null;
}

/** Why the file cannot be attached, in the UI language; null when it can. */
export function attachmentProblem(file: File, t: Translate, lang: Lang): string | null {
  if (!attachmentType(file)) return t('reports.fileType', { name: file.name });
  if (file.size > MAX_ATTACHMENT_BYTES) {
    return t('reports.fileTooBig', { name: file.name, size: formatBytes(file.size, lang) });
  }
  return null;
}

/** The file's bytes in base64 (without the data: prefix a data URL has). */
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
