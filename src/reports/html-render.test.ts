import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { pieChartOption } from './charts.ts';
import { b, chart, facts, h, list, p, table, type ReportDocument } from './document.ts';
import { escapeHtml, htmlReportHeaders, renderHtml } from './html-render.ts';

const doc: ReportDocument = {
  title: '舆情专报 <script>alert("t")</script>',
  subtitle: '第 3 期 · 2026年11月28日',
  issuer: '省统计局网络舆情工作领导小组办公室',
  marking: '内部资料 注意保存',
  generatedAt: '2026-11-28T07:04:00Z',
  blocks: [
    h(1, '一、总体情况'),
    p('网民留言：', b('<script>alert(1)</script>'), ' & "引号" \'单引号\''),
    h(2, '（一）<b>处置</b>'),
    h(3, '1. 细节'),
    list(['核实 <i>台账</i>', '发布说明'], true),
    list(['甲']),
    table(
      ['平台', '信息数'],
      [
        ['微博<img src=x onerror=alert(1)>', 12],
        ['抖音\n快手', 3],
      ],
      { caption: '表1 平台', widths: [3, 1] },
    ),
    facts([['事件', '数据质疑 </td></tr></table>']]),
    chart({
      title: '图1 情感分布',
      alt: '负面 20%，"中性" 50%',
      option: pieChartOption({
        data: [
          { name: '负面', value: 2 },
          { name: '中性', value: 5 },
          { name: '正面', value: 3 },
        ],
      }),
    }),
    { kind: 'pageBreak' },
  ],
};

describe('renderHtml', () => {
  it('makes one self-contained zh-CN page with every block', async () => {
    const html = await renderHtml(doc);
    expect(html.startsWith('<!doctype html>\n<html lang="zh-CN">')).toBe(true);
    expect(html).toContain('<meta charset="utf-8">');
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('<h2>一、总体情况</h2>');
    expect(html).toContain('<ol><li>核实 &lt;i&gt;台账&lt;/i&gt;</li><li>发布说明</li></ol>');
    expect(html).toContain('<ul><li>甲</li></ul>');
    expect(html).toContain('<caption>表1 平台</caption>');
    expect(html).toContain('<col width="75%"><col width="25%">');
    expect(html).toContain('<th scope="col">平台</th>');
    expect(html).toContain('<td class="num">12</td>');
    expect(html).toContain('<td>抖音<br>快手</td>');
    expect(html).toContain('<th scope="row">事件</th>');
    expect(html).toContain('<hr class="page-break">');
    expect(html).toContain('<p class="marking">内部资料 注意保存</p>');
    expect(html).toContain('<time datetime="2026-11-28T07:04:00Z">2026年11月28日 15:04</time>');
    // No script, no external resource, no style attribute.
    expect(html).not.toMatch(/<(?:script|link|img|iframe|object|embed)\b/i);
    expect(html).not.toMatch(/<[a-z][^<>]*\s(?:src|href|style|on[a-z]+)=/i);
    expect(html.match(/<style>/g)).toHaveLength(1);
    // Print: A4.
    expect(html).toContain('@page { size: A4;');
  });

  it('shows the document’s text as text, never as markup', async () => {
    const html = await renderHtml(doc);
    expect(html).toContain(
      '<title>舆情专报 &lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;</title>',
    );
    expect(html).toContain(
      '网民留言：<strong>&lt;script&gt;alert(1)&lt;/script&gt;</strong> &amp; &quot;引号&quot; &#39;单引号&#39;',
    );
    expect(html).toContain('<h3>（一）&lt;b&gt;处置&lt;/b&gt;</h3>');
    expect(html).toContain('微博&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('数据质疑 &lt;/td&gt;&lt;/tr&gt;&lt;/table&gt;');
    expect(escapeHtml('a\u0000<b>')).toBe('a&lt;b&gt;');
  });

  it('inlines each chart as an SVG image with its alt text', async () => {
    const html = await renderHtml(doc);
    expect(html).toContain(
      '<figure class="chart"><figcaption>图1 情感分布</figcaption><svg role="img"',
    );
    expect(html).toContain('aria-label="负面 20%，&quot;中性&quot; 50%"');
    expect(html).toMatch(/<svg role="img"[^>]*><title>负面 20%，&quot;中性&quot; 50%<\/title>/);
    expect(html).toContain('viewBox="0 0 640 320"');
    expect(html).toContain('负面 20%</text>');
  });

  it('gives headers whose policy allows exactly the page’s own style', async () => {
    const html = await renderHtml(doc);
    const headers = htmlReportHeaders(html);
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)?.[1] ?? '';
    const hash = createHash('sha256').update(css, 'utf8').digest('base64');
    expect(headers['content-type']).toBe('text/html; charset=utf-8');
    expect(headers['content-security-policy']).toBe(
      `default-src 'none'; style-src 'sha256-${hash}'; img-src data:; base-uri 'none'; form-action 'none'; frame-ancestors 'none'`,
    );
  });
});
