// A ReportDocument as a Word file (.docx, Office Open XML) with the look of a Chinese official
// document (GB/T 9704): A4, margins top 37 mm / bottom 35 mm / left 28 mm / right 26 mm; the
// title in 小标宋 22 pt centred; headings 黑体 / 楷体 / 仿宋 bold at 16 pt; body 仿宋 16 pt (三号)
// at an exact 28.95 pt line (22 lines a page) with a first-line indent of two characters. Every
// run names its East Asian font (w:rFonts eastAsia), so Word and WPS show the Chinese faces and
// not a Latin fallback. Lists are written as text prefixes (1. / •) rather than Word numbering,
// which WPS and older Word versions renumber unpredictably. Tables have borders and a bold shaded
// header row that repeats on every page; facts blocks are two-column tables. Charts are PNGs
// (rendered by charts.ts) fitted to the text width, with the chart's title as a caption above
// and its alt text on the picture. The marking (e.g. 内部资料 注意保存) is in the top-right of
// the header, the page number (— 1 —) in the footer, the generation time at the end.
import {
  AlignmentType,
  BorderStyle,
  convertMillimetersToTwip,
  Document,
  Footer,
  Header,
  ImageRun,
  LineRuleType,
  Packer,
  PageBreak,
  PageNumber,
  Paragraph,
  ShadingType,
  Table,
  TableCell,
  TableLayoutType,
  TableRow,
  TextRun,
  VerticalAlign,
  WidthType,
  type IParagraphOptions,
  type ParagraphChild,
} from 'docx';
import { formatShanghaiTime, stripInvalidChars } from '../publish/public-page.ts';
import { renderChartPng } from './charts.ts';
import type { Block, ChartSpec, ReportDocument, TextRun as DocTextRun } from './document.ts';
import { DOCX_FONTS, DOCX_SIZES, type DocxFont } from './fonts.ts';

const MARGIN_MM = { top: 37, bottom: 35, left: 28, right: 26 } as const;
const PAGE_MM = { width: 210, height: 297 } as const;
/** A4 as Word writes it (210 × 297 mm rounded to twips). */
const A4_TWIP = { width: 11906, height: 16838 } as const;
/** The text block's width: 156 mm. */
const TEXT_WIDTH_MM = PAGE_MM.width - MARGIN_MM.left - MARGIN_MM.right;
const TEXT_WIDTH_TWIP = convertMillimetersToTwip(TEXT_WIDTH_MM);
/** The text block's width in pixels at 96 dpi (docx sizes images in those). */
const TEXT_WIDTH_PX = Math.floor((TEXT_WIDTH_MM / 25.4) * 96);
/** Exact body line: 28.95 pt, 22 lines in the 225 mm text block. */
const BODY_LINE = 579;
/** Two characters of 三号 (16 pt = 320 twips). */
const INDENT_2_CHARS = 640;

const BLACK = '000000';
const RED = 'C00000';
const HEADER_FILL = 'D9D9D9';
const LABEL_FILL = 'F2F2F2';

function clean(text: string): string {
  return stripInvalidChars(text);
}

function run(
  text: string,
  font: DocxFont,
  size: number,
  extra: { bold?: boolean; color?: string } = {},
): TextRun {
  return new TextRun({
    text: clean(text),
    font: { ...font },
    size,
    ...(extra.bold ? { bold: true } : {}),
    color: extra.color ?? BLACK,
  });
}

const bodyLine = { line: BODY_LINE, lineRule: LineRuleType.EXACT, before: 0, after: 0 } as const;

function bodyParagraph(children: ParagraphChild[], extra: IParagraphOptions = {}): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.JUSTIFIED,
    spacing: bodyLine,
    indent: { firstLine: INDENT_2_CHARS },
    ...extra,
    children,
  });
}

function heading(level: 1 | 2 | 3, text: string): Paragraph {
  const font =
    level === 1 ? DOCX_FONTS.heading1 : level === 2 ? DOCX_FONTS.heading2 : DOCX_FONTS.body;
  return new Paragraph({
    alignment: AlignmentType.LEFT,
    spacing: bodyLine,
    indent: { firstLine: INDENT_2_CHARS },
    keepNext: true,
    keepLines: true,
    outlineLevel: level - 1,
    children: [run(text, font, DOCX_SIZES.body, { bold: level === 3 })],
  });
}

function paragraph(runs: DocTextRun[]): Paragraph {
  return bodyParagraph(
    runs.map((r) => run(r.text, DOCX_FONTS.body, DOCX_SIZES.body, { bold: r.bold === true })),
  );
}

function listItems(ordered: boolean, items: string[]): Paragraph[] {
  return items.map((item, i) =>
    bodyParagraph([
      run(`${ordered ? `${String(i + 1)}. ` : '• '}${item}`, DOCX_FONTS.body, DOCX_SIZES.body),
    ]),
  );
}

const cellBorder = { style: BorderStyle.SINGLE, size: 4, color: BLACK } as const;
const tableBorders = {
  top: cellBorder,
  bottom: cellBorder,
  left: cellBorder,
  right: cellBorder,
  insideHorizontal: cellBorder,
  insideVertical: cellBorder,
} as const;

function cell(
  text: string,
  width: number,
  extra: { bold?: boolean; fill?: string; center?: boolean } = {},
): TableCell {
  return new TableCell({
    width: { size: width, type: WidthType.DXA },
    verticalAlign: VerticalAlign.CENTER,
    margins: { top: 40, bottom: 40, left: 80, right: 80 },
    ...(extra.fill
      ? { shading: { type: ShadingType.CLEAR, color: 'auto', fill: extra.fill } }
      : {}),
    children: String(text)
      .split('\n')
      .map(
        (line) =>
          new Paragraph({
            alignment: extra.center ? AlignmentType.CENTER : AlignmentType.LEFT,
            spacing: { line: 300, lineRule: LineRuleType.AUTO, before: 0, after: 0 },
            children: [run(line, DOCX_FONTS.body, DOCX_SIZES.table, { bold: extra.bold })],
          }),
      ),
  });
}

function columnWidths(count: number, relative?: number[]): number[] {
  const weights =
    relative && relative.length === count && relative.every((w) => Number.isFinite(w) && w > 0)
      ? relative
      : Array.from({ length: count }, () => 1);
  const sum = weights.reduce((a, w) => a + w, 0);
  return weights.map((w) => Math.floor((TEXT_WIDTH_TWIP * w) / sum));
}

function caption(text: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.CENTER,
    spacing: { before: 120, after: 80, line: 360, lineRule: LineRuleType.AUTO },
    keepNext: true,
    children: [run(text, DOCX_FONTS.caption, DOCX_SIZES.caption)],
  });
}

function dataTable(block: Extract<Block, { kind: 'table' }>): (Paragraph | Table)[] {
  const widths = columnWidths(block.columns.length, block.widths);
  const out: (Paragraph | Table)[] = [];
  if (block.caption) out.push(caption(block.caption));
  out.push(
    new Table({
      width: { size: TEXT_WIDTH_TWIP, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      alignment: AlignmentType.CENTER,
      borders: tableBorders,
      rows: [
        new TableRow({
          tableHeader: true,
          cantSplit: true,
          children: block.columns.map((c, i) =>
            cell(c, widths[i] ?? 0, { bold: true, fill: HEADER_FILL, center: true }),
          ),
        }),
        ...block.rows.map(
          (row) =>
            new TableRow({
              cantSplit: true,
              children: block.columns.map((_, i) => {
                const value = row[i];
                return cell(value === undefined ? '' : String(value), widths[i] ?? 0, {
                  center: typeof value === 'number',
                });
              }),
            }),
        ),
      ],
    }),
  );
  out.push(spacer());
  return out;
}

function factsTable(items: [string, string][]): (Paragraph | Table)[] {
  const widths = columnWidths(2, [3, 7]);
  return [
    new Table({
      width: { size: TEXT_WIDTH_TWIP, type: WidthType.DXA },
      columnWidths: widths,
      layout: TableLayoutType.FIXED,
      alignment: AlignmentType.CENTER,
      borders: tableBorders,
      rows: items.map(
        ([label, value]) =>
          new TableRow({
            cantSplit: true,
            children: [
              cell(label, widths[0] ?? 0, { bold: true, fill: LABEL_FILL }),
              cell(value, widths[1] ?? 0),
            ],
          }),
      ),
    }),
    spacer(),
  ];
}

/** A small gap after a table (Word joins adjacent tables otherwise). */
function spacer(): Paragraph {
  return new Paragraph({
    spacing: { before: 0, after: 0, line: 240, lineRule: LineRuleType.AUTO },
    children: [],
  });
}

function chartParagraphs(spec: ChartSpec): Paragraph[] {
  const png = renderChartPng(spec, 2);
  const width = spec.width ?? 640;
  const height = spec.height ?? 320;
  const shownWidth = Math.min(TEXT_WIDTH_PX, width);
  const shownHeight = Math.round((height * shownWidth) / width);
  return [
    caption(spec.title),
    new Paragraph({
      alignment: AlignmentType.CENTER,
      // An exact line height would clip the picture: this paragraph sizes itself.
      spacing: { before: 0, after: 120, line: 240, lineRule: LineRuleType.AUTO },
      children: [
        new ImageRun({
          type: 'png',
          data: png,
          transformation: { width: shownWidth, height: shownHeight },
          altText: {
            name: clean(spec.title),
            title: clean(spec.title),
            description: clean(spec.alt),
          },
        }),
      ],
    }),
  ];
}

function blockChildren(block: Block): (Paragraph | Table)[] {
  switch (block.kind) {
    case 'heading':
      return [heading(block.level, block.text)];
    case 'paragraph':
      return [paragraph(block.runs)];
    case 'list':
      return listItems(block.ordered, block.items);
    case 'table':
      return dataTable(block);
    case 'facts':
      return factsTable(block.items);
    case 'chart':
      return chartParagraphs(block.chart);
    case 'pageBreak':
      return [new Paragraph({ children: [new PageBreak()] })];
  }
}

function masthead(doc: ReportDocument): Paragraph[] {
  const out: Paragraph[] = [
    new Paragraph({
      alignment: AlignmentType.CENTER,
      spacing: { before: 0, after: 240, line: 700, lineRule: LineRuleType.EXACT },
      children: [run(doc.title, DOCX_FONTS.title, DOCX_SIZES.title)],
    }),
  ];
  for (const line of [doc.subtitle, doc.issuer]) {
    if (line)
      out.push(
        new Paragraph({
          alignment: AlignmentType.CENTER,
          spacing: bodyLine,
          children: [run(line, DOCX_FONTS.body, DOCX_SIZES.body)],
        }),
      );
  }
  // The red rule under the masthead (版头中的分隔线).
  out.push(
    new Paragraph({
      spacing: { before: 0, after: 240, line: 240, lineRule: LineRuleType.AUTO },
      border: { bottom: { style: BorderStyle.SINGLE, size: 12, color: RED, space: 1 } },
      children: [],
    }),
  );
  return out;
}

function generatedLine(iso: string): Paragraph {
  return new Paragraph({
    alignment: AlignmentType.RIGHT,
    spacing: { ...bodyLine, before: BODY_LINE },
    children: [run(`生成时间：${formatShanghaiTime(iso)}`, DOCX_FONTS.body, DOCX_SIZES.small)],
  });
}

/** The document as a .docx file's bytes. */
export async function renderDocx(doc: ReportDocument): Promise<Buffer> {
  const children = [
    ...masthead(doc),
    ...doc.blocks.flatMap(blockChildren),
    generatedLine(doc.generatedAt),
  ];
  const document = new Document({
    title: clean(doc.title),
    creator: 'Yuqing',
    lastModifiedBy: 'Yuqing',
    ...(doc.subtitle ? { subject: clean(doc.subtitle) } : {}),
    description: clean(doc.issuer ?? ''),
    styles: {
      default: {
        document: {
          run: { font: { ...DOCX_FONTS.body }, size: DOCX_SIZES.body },
          paragraph: { spacing: bodyLine },
        },
      },
    },
    sections: [
      {
        properties: {
          page: {
            size: {
              width: A4_TWIP.width,
              height: A4_TWIP.height,
            },
            margin: {
              top: convertMillimetersToTwip(MARGIN_MM.top),
              bottom: convertMillimetersToTwip(MARGIN_MM.bottom),
              left: convertMillimetersToTwip(MARGIN_MM.left),
              right: convertMillimetersToTwip(MARGIN_MM.right),
              header: convertMillimetersToTwip(15),
              footer: convertMillimetersToTwip(22),
            },
          },
        },
        headers: {
          default: new Header({
            children: [
              new Paragraph({
                alignment: AlignmentType.RIGHT,
                children: doc.marking
                  ? [run(doc.marking, DOCX_FONTS.heading1, DOCX_SIZES.body)]
                  : [],
              }),
            ],
          }),
        },
        footers: {
          default: new Footer({
            children: [
              new Paragraph({
                alignment: AlignmentType.CENTER,
                children: [
                  new TextRun({
                    font: { ...DOCX_FONTS.body },
                    size: DOCX_SIZES.caption,
                    children: ['— ', PageNumber.CURRENT, ' —'],
                  }),
                ],
              }),
            ],
          }),
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
