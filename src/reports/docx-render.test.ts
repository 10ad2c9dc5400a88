import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import { readDocx } from '../../test/docx-reader.ts';
import { lineChartOption } from './charts.ts';
import {
  b,
  chart,
  documentText,
  facts,
  h,
  list,
  p,
  table,
  type ReportDocument,
} from './document.ts';
import { renderDocx } from './docx-render.ts';

/** Every kind of block, in Chinese. */
function sampleReport(): ReportDocument {
  return {
    title: '甘肃省统计局网络舆情日报',
    subtitle: '第 12 期 · 2026年11月28日',
    issuer: '省统计局网络舆情工作领导小组办公室',
    marking: '内部资料 注意保存',
    generatedAt: '2026-11-28T07:04:00Z',
    blocks: [
      h(1, '一、总体情况'),
      p('本日共监测到相关信息', b('128'), '条，其中负面信息 5 条 & 中性信息 <90> 条。'),
      h(2, '（一）重点事件'),
      h(3, '1. 某县统计数据质疑'),
      list(['核实原始台账', '发布权威说明'], true),
      list(['微博话题阅读量下降', '评论趋于理性']),
      table(
        ['平台', '信息数', '负面'],
        [
          ['新浪微博', 86, 4],
          ['抖音', 30, 1],
        ],
        { caption: '表1 平台分布', widths: [2, 1, 1] },
      ),
      facts([
        ['事件名称', '某县统计数据质疑'],
        ['处置级别', '一般（Ⅳ级）'],
      ]),
      chart({
        title: '图1 舆情走势',
        alt: '负面信息 11 月 2 日最多，通报发布后回落',
        option: lineChartOption({
          categories: ['11-01', '11-02', '11-03'],
          series: [{ name: '负面', data: [3, 12, 2] }],
          markLine: { at: '11-02', label: '发布通报' },
        }),
      }),
      { kind: 'pageBreak' },
      p('以上情况，请阅示。'),
    ],
  };
}

describe('renderDocx', () => {
  it('writes every block’s Chinese text in order, with fonts, tables, a chart and the page set-up', async () => {
    const doc = sampleReport();
    const docx = await readDocx(await renderDocx(doc));

    // The text, in reading order (documentText gives the same order).
    let from = 0;
    for (const piece of documentText(doc).split('\n')) {
      const at = docx.text.indexOf(piece, from);
      expect(at, `"${piece}" after position ${String(from)}`).toBeGreaterThanOrEqual(0);
      from = at + piece.length;
    }
    expect(docx.text).toContain('1. 核实原始台账2. 发布权威说明• 微博话题阅读量下降');
    expect(docx.text.endsWith('生成时间：2026年11月28日 15:04')).toBe(true);
    expect(docx.documentXml).toContain('&amp; 中性信息 &lt;90&gt; 条');

    // East Asian fonts on the runs: title, headings, body, table cells.
    for (const face of ['方正小标宋简体', '黑体', '楷体', '仿宋'])
      expect(docx.documentXml).toContain(`w:eastAsia="${face}"`);
    const runs = [...docx.documentXml.matchAll(/<w:r>([\s\S]*?)<\/w:r>/g)].map((m) => m[1] ?? '');
    const textRuns = runs.filter((r) => r.includes('<w:t'));
    expect(textRuns.length).toBeGreaterThan(20);
    for (const r of textRuns) expect(r).toMatch(/<w:rFonts w:ascii="[^"]+" w:eastAsia="[^"]+"/);
    // Body 三号 (32 half-points) on an exact line, first-line indent of two characters.
    expect(docx.documentXml).toContain('<w:sz w:val="32"/>');
    expect(docx.documentXml).toContain('w:line="579" w:lineRule="exact"');
    expect(docx.documentXml).toContain('<w:ind w:firstLine="640"/>');
    // Title 22 pt.
    expect(docx.documentXml).toMatch(/方正小标宋简体"[^>]*\/>(?:<[^>]+>)*<w:sz w:val="44"\/>/);

    // Tables: the data table (header repeats, shaded, bold) and the facts table.
    expect(docx.tables).toBe(2);
    expect(docx.documentXml).toContain('<w:tblHeader/>');
    expect(docx.documentXml).toContain('w:fill="D9D9D9"');
    for (const cellText of ['新浪微博', '86', '抖音', '事件名称', '一般（Ⅳ级）'])
      expect(docx.documentXml).toContain(`>${cellText}</w:t>`);
    expect(docx.documentXml).toContain('<w:sz w:val="24"/>');

    // The chart: one PNG under word/media, of the chart's size at scale 2, not blank.
    expect(docx.media).toHaveLength(1);
    const bytes = await docx.bytes(docx.media[0]!);
    const png = PNG.sync.read(bytes!);
    expect([png.width, png.height]).toEqual([1280, 640]);
    let inked = 0;
    for (let i = 0; i < png.data.length; i += 4)
      if ((png.data[i] ?? 255) < 200 || (png.data[i + 2] ?? 255) < 200) inked++;
    expect(inked).toBeGreaterThan(2_000);
    expect(docx.documentXml).toMatch(
      /<wp:docPr id="\d+" name="图1 舆情走势" descr="负面信息 11 月 2 日最多，通报发布后回落"/,
    );
    // Fitted to the 156 mm text block: 589 px wide = 5,610,225 EMU.
    expect(docx.documentXml).toContain('<wp:extent cx="5610225" cy="2809875"/>');

    // A4, GB/T 9704 margins (37 / 35 / 28 / 26 mm), the page break.
    expect(docx.documentXml).toContain('<w:pgSz w:w="11906" w:h="16838"');
    expect(docx.documentXml).toMatch(
      /<w:pgMar w:top="2097" w:right="1474" w:bottom="1984" w:left="1587"/,
    );
    expect(docx.documentXml).toContain('<w:br w:type="page"/>');

    // Marking in the header (right), the page number in the footer, the properties.
    const header = await docx.part('word/header1.xml');
    expect(header).toContain('内部资料 注意保存');
    expect(header).toContain('<w:jc w:val="right"/>');
    const footer = await docx.part('word/footer1.xml');
    expect(footer).toMatch(/— <\/w:t>[\s\S]*PAGE[\s\S]*> —<\/w:t>/);
    const core = await docx.part('docProps/core.xml');
    expect(core).toContain('<dc:title>甘肃省统计局网络舆情日报</dc:title>');
    expect(core).toContain('<dc:creator>Yuqing</dc:creator>');
  });

  it('renders a document with nothing but a title, and drops characters XML forbids', async () => {
    const docx = await readDocx(
      await renderDocx({
        title: '空\u0007报告',
        generatedAt: '2026-01-01T00:00:00Z',
        blocks: [p('a\u0000b')],
      }),
    );
    expect(docx.text).toBe('空报告ab生成时间：2026年1月1日 08:00');
    expect(docx.media).toEqual([]);
    expect(docx.tables).toBe(0);
    expect(await docx.part('word/header1.xml')).not.toContain('<w:t');
  });
});
