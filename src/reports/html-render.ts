// A ReportDocument as one self-contained HTML page (lang zh-CN, UTF-8): no scripts, no external
// files; the charts are inline SVG (charts.ts, role="img" with the alt text as aria-label), the
// styles one <style> element. It reads on a phone (fluid width, tables scroll sideways, charts
// scale) and prints on A4 with the official faces (仿宋 / 黑体 / 楷体 / 小标宋, see fonts.ts).
// Every text of the document is escaped.
//
// Serving it: under the server's global Content-Security-Policy (src/server/app.ts: script-src
// 'self'; style-src 'self' 'unsafe-inline') the page works as it is. A route can serve it under
// a stricter policy of its own with `htmlReportHeaders(html)`: default-src 'none', the one
// <style> element allowed by its SHA-256 hash (no 'unsafe-inline'), no scripts at all, images
// only from data: URLs, no framing. The chart SVGs carry no style attributes and no <style>
// elements (charts.ts `staticSvg`), so that hash is all the page needs.
//   void reply.headers(htmlReportHeaders(html)); return html;
// (The server's onSend hook keeps a Content-Security-Policy a route has set.)
import { createHash } from 'node:crypto';
import { formatShanghaiTime, stripInvalidChars } from '../publish/public-page.ts';
import { renderChartSvg } from './charts.ts';
import type { Block, ChartSpec, ReportDocument, TextRun } from './document.ts';
import { CSS_FONTS } from './fonts.ts';

/** Text made safe for HTML element content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return stripInvalidChars(text)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const SCREEN_FONT =
  '"PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", "Source Han Sans SC", "WenQuanYi Micro Hei", system-ui, sans-serif';

export const REPORT_CSS = `
:root { color-scheme: light; }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; background: #f0f2f5; color: #1f1f1f; font-family: ${SCREEN_FONT}; font-size: 16px; line-height: 1.8; }
.page { max-width: 820px; margin: 24px auto; padding: 40px 48px 32px; background: #fff; box-shadow: 0 1px 4px rgba(0,0,0,.12); }
.marking { text-align: right; text-indent: 0; font-family: ${CSS_FONTS.heading1}; font-size: 15px; margin: 0 0 12px; }
.masthead { text-align: center; border-bottom: 2px solid #c00000; padding-bottom: 12px; margin-bottom: 24px; }
.masthead h1 { font-family: ${CSS_FONTS.title}; font-size: 28px; line-height: 1.4; font-weight: bold; margin: 0 0 10px; color: #000; }
.masthead p { margin: 0; text-indent: 0; text-align: center; }
h2, h3, h4 { font-size: 18px; margin: 20px 0 8px; line-height: 1.6; }
h2 { font-family: ${CSS_FONTS.heading1}; }
h3 { font-family: ${CSS_FONTS.heading2}; font-weight: normal; }
h4 { font-weight: bold; }
p { margin: 0 0 8px; text-indent: 2em; text-align: justify; }
ol, ul { margin: 0 0 8px; padding-left: 3.5em; }
.table-wrap { overflow-x: auto; margin: 8px 0 16px; }
table { border-collapse: collapse; width: 100%; font-size: 14px; line-height: 1.5; }
caption, figcaption { font-family: ${CSS_FONTS.heading1}; font-size: 15px; text-align: center; padding: 4px 0 6px; }
th, td { border: 1px solid #000; padding: 4px 8px; text-align: left; vertical-align: middle; }
thead th { background: #d9d9d9; text-align: center; font-weight: bold; }
td.num { text-align: center; }
table.facts th { background: #f2f2f2; width: 30%; font-weight: bold; }
figure.chart { margin: 12px 0 20px; }
figure.chart svg { display: block; max-width: 100%; height: auto; margin: 0 auto; }
.page-break { border: 0; border-top: 1px dashed #bfbfbf; margin: 24px 0; }
.generated { text-align: right; text-indent: 0; color: #595959; font-size: 14px; margin-top: 24px; }
@media (max-width: 640px) {
  .page { margin: 0; padding: 16px 14px; box-shadow: none; }
  .masthead h1 { font-size: 22px; }
  h2, h3, h4 { font-size: 17px; }
  ol, ul { padding-left: 2em; }
}
@page { size: A4; margin: 37mm 26mm 35mm 28mm; }
@media print {
  body { background: #fff; font-family: ${CSS_FONTS.body}; font-size: 16pt; line-height: 28.95pt; }
  .page { max-width: none; margin: 0; padding: 0; box-shadow: none; }
  .marking { font-size: 16pt; }
  .masthead h1 { font-size: 22pt; line-height: 1.3; }
  h2, h3, h4 { font-size: 16pt; margin: 0; line-height: 28.95pt; text-indent: 2em; page-break-after: avoid; break-after: avoid; }
  p { margin: 0; }
  ol, ul { margin: 0; }
  table { font-size: 12pt; }
  tr, figure.chart { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  .table-wrap { overflow: visible; }
  .page-break { border: 0; margin: 0; break-after: page; page-break-after: always; }
  .generated { font-size: 12pt; color: #000; }
}
`
  .trim()
  .replace(/\n\s*/g, '\n');

function runs(items: TextRun[]): string {
  return items
    .map((r) => (r.bold ? `<strong>${escapeHtml(r.text)}</strong>` : escapeHtml(r.text)))
    .join('');
}

/** The chart's SVG with role="img", an aria-label and a <title> (the alt text). */
function chartFigure(spec: ChartSpec): string {
  const svg = renderChartSvg(spec).replace(
    /^<svg\b/,
    `<svg role="img" aria-label="${escapeHtml(spec.alt)}" focusable="false"`,
  );
  // The first child: a <title> most screen readers and browsers' tooltips use.
  const withTitle = svg.replace(/^(<svg\b[^>]*>)/, `$1<title>${escapeHtml(spec.alt)}</title>`);
  return `<figure class="chart"><figcaption>${escapeHtml(spec.title)}</figcaption>${withTitle}</figure>`;
}

function cellText(value: string | number | undefined): string {
  return escapeHtml(value === undefined ? '' : String(value)).replace(/\n/g, '<br>');
}

function block(b: Block): string {
  switch (b.kind) {
    case 'heading': {
      const tag = `h${String(b.level + 1)}`;
      return `<${tag}>${escapeHtml(b.text)}</${tag}>`;
    }
    case 'paragraph':
      return `<p>${runs(b.runs)}</p>`;
    case 'list': {
      const tag = b.ordered ? 'ol' : 'ul';
      return `<${tag}>${b.items.map((i) => `<li>${escapeHtml(i)}</li>`).join('')}</${tag}>`;
    }
    case 'table': {
      const sum = b.widths?.reduce((a, w) => a + w, 0) ?? 0;
      const cols =
        b.widths && b.widths.length === b.columns.length && sum > 0
          ? `<colgroup>${b.widths.map((w) => `<col width="${String(Math.round((w / sum) * 1000) / 10)}%">`).join('')}</colgroup>`
          : '';
      const head = `<thead><tr>${b.columns.map((c) => `<th scope="col">${escapeHtml(c)}</th>`).join('')}</tr></thead>`;
      const body = b.rows
        .map(
          (row) =>
            `<tr>${b.columns
              .map((_, i) => {
                const v = row[i];
                return `<td${typeof v === 'number' ? ' class="num"' : ''}>${cellText(v)}</td>`;
              })
              .join('')}</tr>`,
        )
        .join('');
      const caption = b.caption ? `<caption>${escapeHtml(b.caption)}</caption>` : '';
      return `<div class="table-wrap"><table>${caption}${cols}${head}<tbody>${body}</tbody></table></div>`;
    }
    case 'facts':
      return `<div class="table-wrap"><table class="facts"><tbody>${b.items
        .map(([k, v]) => `<tr><th scope="row">${escapeHtml(k)}</th><td>${cellText(v)}</td></tr>`)
        .join('')}</tbody></table></div>`;
    case 'chart':
      return chartFigure(b.chart);
    case 'pageBreak':
      return '<hr class="page-break">';
  }
}

/** The document as one HTML page. */
export function renderHtml(doc: ReportDocument): Promise<string> {
  try {
    return Promise.resolve(renderHtmlSync(doc));
  } catch (e) {
    return Promise.reject(e instanceof Error ? e : new Error(String(e)));
  }
}

function renderHtmlSync(doc: ReportDocument): string {
  const masthead = [
    `<h1>${escapeHtml(doc.title)}</h1>`,
    doc.subtitle ? `<p class="subtitle">${escapeHtml(doc.subtitle)}</p>` : '',
    doc.issuer ? `<p class="issuer">${escapeHtml(doc.issuer)}</p>` : '',
  ].join('');
  return [
    '<!doctype html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="generator" content="Yuqing">',
    `<title>${escapeHtml(doc.title)}</title>`,
    `<style>${REPORT_CSS}</style>`,
    '</head>',
    '<body>',
    '<main class="page">',
    doc.marking ? `<p class="marking">${escapeHtml(doc.marking)}</p>` : '',
    `<header class="masthead">${masthead}</header>`,
    ...doc.blocks.map(block),
    `<p class="generated">生成时间：<time datetime="${escapeHtml(doc.generatedAt)}">${escapeHtml(formatShanghaiTime(doc.generatedAt))}</time></p>`,
    '</main>',
    '</body>',
    '</html>',
    '',
  ]
    .filter((line) => line !== '')
    .join('\n');
}

/** The page's <style> contents' CSP source: 'sha256-…' (base64). */
export function styleHash(html: string): string[] {
  return [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map(
    (m) =>
      `'sha256-${createHash('sha256')
        .update(m[1] ?? '', 'utf8')
        .digest('base64')}'`,
  );
}

/**
 * Headers for serving a rendered report page on its own: HTML, no sniffing, and a
 * Content-Security-Policy that allows nothing but the page's own <style> element (by hash) and
 * data: images; no scripts, no connections, no framing, no forms.
 */
export function htmlReportHeaders(html: string): Record<string, string> {
  const styles = styleHash(html);
  return {
    'content-type': 'text/html; charset=utf-8',
    'x-content-type-options': 'nosniff',
    'content-security-policy': [
      "default-src 'none'",
      `style-src ${styles.length > 0 ? styles.join(' ') : "'none'"}`,
      'img-src data:',
      "base-uri 'none'",
      "form-action 'none'",
      "frame-ancestors 'none'",
    ].join('; '),
  };
}
