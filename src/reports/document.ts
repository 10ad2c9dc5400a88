// The one document model every written output of Yuqing is built as: after-action reviews
// (总结评估), briefings (日报/周报/月报/专报), the informant network's notice (报送及采用情况通报)
// and the performance export. Content code builds a ReportDocument (pure data, easy to assert);
// `docx-render.ts` turns it into a Word file (Chinese fonts set, editable in Word and WPS) and
// `html-render.ts` into one self-contained HTML page. Charts are ECharts options rendered on the
// server (`charts.ts`): SVG in the HTML, PNG in the DOCX.

/** A run of text inside a paragraph. */
export interface TextRun {
  text: string;
  bold?: boolean;
}

/**
 * A chart: one ECharts option (a plain JSON-able object; functions are not allowed, so the same
 * option renders on the server and could be sent to the browser). `map: 'gansu'` registers the
 * Gansu prefectures' GeoJSON before rendering (series of type 'map' use `map: 'gansu'`).
 */
export interface ChartSpec {
  /** Shown above the chart (in the document's text, so the image needs no title of its own). */
  title: string;
  /** Read aloud by screen readers and shown when the image cannot be. */
  alt: string;
  /** An ECharts option object: JSON data only. */
  option: Record<string, unknown>;
  /** Pixels at 96 dpi; default 640 × 320. */
  width?: number;
  height?: number;
}

export type Block =
  | { kind: 'heading'; level: 1 | 2 | 3; text: string }
  | { kind: 'paragraph'; runs: TextRun[] }
  | { kind: 'list'; ordered: boolean; items: string[] }
  | {
      kind: 'table';
      caption?: string;
      columns: string[];
      rows: (string | number)[][];
      /** Relative column widths (same length as columns); default equal. */
      widths?: number[];
    }
  /** Label: value pairs, drawn as a two-column table without a header. */
  | { kind: 'facts'; items: [label: string, value: string][] }
  | { kind: 'chart'; chart: ChartSpec }
  | { kind: 'pageBreak' };

export interface ReportDocument {
  /** The document's title, e.g. 甘肃省统计局网络舆情日报. */
  title: string;
  /** Under the title: the issue number and date line, e.g. 第 12 期 · 2026年11月28日. */
  subtitle?: string;
  /** The issuing body, printed on the masthead, e.g. 省统计局网络舆情工作领导小组办公室. */
  issuer?: string;
  /** A marking printed in the top corner, e.g. 内部资料 注意保存. */
  marking?: string;
  /** When it was generated (ISO 8601), printed at the foot. */
  generatedAt: string;
  blocks: Block[];
}

// Small builders, so content code reads as the document it makes.
export const h = (level: 1 | 2 | 3, text: string): Block => ({ kind: 'heading', level, text });
export const p = (...runs: (string | TextRun)[]): Block => ({
  kind: 'paragraph',
  runs: runs.map((r) => (typeof r === 'string' ? { text: r } : r)),
});
export const b = (text: string): TextRun => ({ text, bold: true });
export const list = (items: string[], ordered = false): Block => ({ kind: 'list', ordered, items });
export const table = (
  columns: string[],
  rows: (string | number)[][],
  extra: { caption?: string; widths?: number[] } = {},
): Block => ({ kind: 'table', columns, rows, ...extra });
export const facts = (items: [string, string][]): Block => ({ kind: 'facts', items });
export const chart = (spec: ChartSpec): Block => ({ kind: 'chart', chart: spec });

/** Every text of a document in reading order (for tests and for search indexing). */
export function documentText(doc: ReportDocument): string {
  const out: string[] = [doc.title, doc.subtitle ?? '', doc.issuer ?? ''];
  for (const block of doc.blocks) {
    switch (block.kind) {
      case 'heading':
        out.push(block.text);
        break;
      case 'paragraph':
        out.push(block.runs.map((r) => r.text).join(''));
        break;
      case 'list':
        out.push(...block.items);
        break;
      case 'table':
        out.push(block.caption ?? '', ...block.columns, ...block.rows.flat().map(String));
        break;
      case 'facts':
        out.push(...block.items.flat());
        break;
      case 'chart':
        out.push(block.chart.title);
        break;
      case 'pageBreak':
        break;
    }
  }
  return out.filter((s) => s !== '').join('\n');
}
