// Opens a .docx (a zip) for tests: word/document.xml, its text runs in order, the pictures under
// word/media and the number of tables.
import JSZip from 'jszip';

export interface DocxContents {
  /** word/document.xml as text. */
  documentXml: string;
  /** The text of every w:t run in document order, joined without separators. */
  text: string;
  /** Paths of the embedded files under word/media/, e.g. word/media/image1.png. */
  media: string[];
  /** How many w:tbl elements document.xml holds. */
  tables: number;
  /** Any other part of the package as text (e.g. word/header1.xml, docProps/core.xml). */
  part(path: string): Promise<string | undefined>;
  /** The bytes of one part (e.g. a picture under word/media). */
  bytes(path: string): Promise<Buffer | undefined>;
}

const decodeXml = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_, d: string) => String.fromCodePoint(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_, h: string) => String.fromCodePoint(parseInt(h, 16)))
    .replace(/&amp;/g, '&');

export async function readDocx(buf: Buffer | Uint8Array): Promise<DocxContents> {
  const zip = await JSZip.loadAsync(buf);
  const file = zip.file('word/document.xml');
  if (!file) throw new Error('not a DOCX: word/document.xml is missing');
  const documentXml = await file.async('string');
  const text = [...documentXml.matchAll(/<w:t(?:\s[^>]*)?>([^<]*)<\/w:t>/g)]
    .map((m) => decodeXml(m[1] ?? ''))
    .join('');
  const media = Object.keys(zip.files)
    .filter((p) => p.startsWith('word/media/') && !zip.files[p]?.dir)
    .sort();
  const tables = (documentXml.match(/<w:tbl>/g) ?? []).length;
  return {
    documentXml,
    text,
    media,
    tables,
    part: async (path) => zip.file(path)?.async('string'),
    bytes: async (path) => {
      const f = zip.file(path);
      return f ? Buffer.from(await f.async('uint8array')) : undefined;
    },
  };
}
