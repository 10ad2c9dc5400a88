// Charts of the written outputs, drawn on the server with Apache ECharts' server-side rendering
// (no DOM, no canvas): `renderChartSvg` gives an SVG string (inlined in the HTML reports) and
// `renderChartPng` rasterises that SVG with resvg (embedded in the DOCX files). The option
// builders below (`lineChartOption`, `pieChartOption`, `barChartOption`, `gansuMapOption`) give
// every report the same look: one palette, 负面 red / 中性 grey / 正面 green, CJK-capable fonts.
//
// Fonts: the SVG names a font-family list (Chinese system fonts first); the browser or Word picks
// what it has. resvg loads the system fonts; for Chinese labels in PNG charts a CJK font must be
// installed (Debian: fonts-wqy-microhei, or fonts-noto-cjk). Without one the PNG still renders
// (shapes, lines and digits) and Chinese glyphs are simply missing; nothing crashes.
//
// ECharts is loaded on first use, from its one-file CommonJS bundle: importing its ES modules
// means hundreds of files, seconds at start-up under tsx; the bundle takes a fraction of that.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import type * as Echarts from 'echarts';
import type { ChartSpec } from './document.ts';

const require = createRequire(import.meta.url);
let loaded: typeof Echarts | undefined;

/** ECharts itself (the full bundle: every chart type and component). */
function echarts(): typeof Echarts {
  loaded ??= require('echarts') as typeof Echarts;
  return loaded;
}

export const GANSU_MAP = 'gansu';

/**
 * The families charts ask for: Chinese-capable system fonts first, then generic sans-serif. Single
 * quotes only: ECharts writes the list into an SVG style attribute without escaping.
 */
export const CHART_FONT_FAMILY =
  "'Microsoft YaHei', 'PingFang SC', 'Noto Sans CJK SC', 'Source Han Sans SC', 'WenQuanYi Micro Hei', 'WenQuanYi Zen Hei', SimHei, 'DejaVu Sans', sans-serif";

/** One palette for every report chart (the web UI's brand blue first). */
export const CHART_PALETTE = [
  '#1f4e9a',
  '#d48806',
  '#13a8a8',
  '#722ed1',
  '#eb2f96',
  '#597ef7',
  '#7cb305',
  '#fa541c',
];

/** Sentiment colours, as in the web UI (web/src/lib/echarts.ts CHART_COLORS). */
export const SENTIMENT_COLORS: Record<string, string> = {
  负面: '#cf1322',
  中性: '#8c8c8c',
  正面: '#389e0d',
};

const DEFAULT_WIDTH = 640;
const DEFAULT_HEIGHT = 320;

let mapRegistered = false;

/** Registers the Gansu prefectures' GeoJSON under the name 'gansu' (once per process). */
export function registerGansuMap(): void {
  if (mapRegistered) return;
  const file = fileURLToPath(
    new URL('../../web/src/assets/geo/gansu_prefectures.geojson', import.meta.url),
  );
  const geo = JSON.parse(readFileSync(file, 'utf8')) as Parameters<typeof Echarts.registerMap>[1];
  echarts().registerMap(GANSU_MAP, geo);
  mapRegistered = true;
}

function seriesOf(option: Record<string, unknown>): unknown[] {
  const series = option.series;
  return Array.isArray(series) ? series : series ? [series] : [];
}

function usesMap(option: Record<string, unknown>): boolean {
  const list = seriesOf(option);
  const geo = option.geo;
  return (
    list.some((s) => (s as { map?: unknown } | null)?.map === GANSU_MAP) ||
    (geo as { map?: unknown } | undefined)?.map === GANSU_MAP
  );
}

function size(spec: ChartSpec): { width: number; height: number } {
  const width = spec.width ?? DEFAULT_WIDTH;
  const height = spec.height ?? DEFAULT_HEIGHT;
  if (!Number.isFinite(width) || !Number.isFinite(height) || width < 16 || height < 16)
    throw new Error(`chart "${spec.title}": width and height must be numbers of at least 16 px`);
  if (width > 4000 || height > 4000)
    throw new Error(`chart "${spec.title}": width and height must be at most 4000 px`);
  return { width: Math.round(width), height: Math.round(height) };
}

/**
 * ECharts' SVG made static: its <style> element (hover rules only) is dropped and style
 * attributes become presentation attributes (font-size="12px" …), so an HTML page inlining the
 * chart needs no inline styles beyond its own one <style> element (a CSP hash covers that).
 */
export function staticSvg(svg: string): string {
  return svg
    .replace(/<style[^>]*>[\s\S]*?<\/style>/g, '')
    .replace(/ style="([^"]*)"/g, (_, css: string) =>
      css
        .split(';')
        .map((decl) => {
          const at = decl.indexOf(':');
          if (at <= 0) return '';
          const name = decl.slice(0, at).trim().toLowerCase();
          const value = decl.slice(at + 1).trim();
          return /^[a-z-]+$/.test(name) && value
            ? ` ${name}="${value.replace(/"/g, '&quot;')}"`
            : '';
        })
        .join(''),
    );
}

/** The chart as one SVG document (no scripts, no animation), sized spec.width × spec.height. */
export function renderChartSvg(spec: ChartSpec): string {
  const { width, height } = size(spec);
  for (const series of seriesOf(spec.option)) {
    const type = (series as { type?: unknown } | null)?.type;
    if (typeof type !== 'string' || type === '')
      throw new Error(`chart "${spec.title}": every series needs a type (line, bar, pie, map …)`);
  }
  if (usesMap(spec.option)) registerGansuMap();
  const chart = echarts().init(null, null, { renderer: 'svg', ssr: true, width, height });
  try {
    chart.setOption({
      color: CHART_PALETTE,
      backgroundColor: '#ffffff',
      ...spec.option,
      textStyle: {
        fontFamily: CHART_FONT_FAMILY,
        ...(spec.option.textStyle as Record<string, unknown> | undefined),
      },
      animation: false,
    });
    return staticSvg(chart.renderToSVGString());
  } finally {
    chart.dispose();
  }
}

/**
 * The chart as a PNG, `scale` times the spec's pixel size (2 = sharp when printed at the spec's
 * size). System fonts are loaded (`systemFonts: false` draws without any font file, as on a
 * machine with no fonts: shapes and lines, no text); the default family is a CJK one when
 * installed. A missing glyph is left out, never an error.
 */
export function renderChartPng(
  spec: ChartSpec,
  scale = 2,
  options: { systemFonts?: boolean } = {},
): Buffer {
  if (!Number.isFinite(scale) || scale <= 0 || scale > 8)
    throw new Error(`chart "${spec.title}": scale must be between 0 and 8`);
  const svg = renderChartSvg(spec);
  const { width } = size(spec);
  const resvg = new Resvg(svg, {
    background: '#ffffff',
    fitTo: { mode: 'width', value: Math.round(width * scale) },
    font: {
      loadSystemFonts: options.systemFonts ?? true,
      defaultFontFamily: 'WenQuanYi Micro Hei',
      sansSerifFamily: 'WenQuanYi Micro Hei',
    },
  });
  return resvg.render().asPng();
}

// ---- option builders ----------------------------------------------------------------------

interface NamedSeries {
  name: string;
  data: number[];
}

function colorOf(name: string): string | undefined {
  return SENTIMENT_COLORS[name];
}

const LEGEND = { top: 4, left: 'center', itemWidth: 14, itemHeight: 8 } as const;

/**
 * A curve per series over categories (times or days): volume and sentiment over time. markLine
 * draws a vertical line at one category, e.g. when the official statement went out.
 */
export function lineChartOption(input: {
  categories: string[];
  series: NamedSeries[];
  markLine?: { at: string; label: string };
  yName?: string;
}): Record<string, unknown> {
  return {
    legend: { ...LEGEND, data: input.series.map((s) => s.name) },
    // Room above the plot for the legend, and for the mark's label when there is one.
    grid: { left: 48, right: 24, top: input.markLine ? 56 : 36, bottom: 32, containLabel: true },
    xAxis: { type: 'category', data: input.categories, boundaryGap: false },
    yAxis: { type: 'value', minInterval: 1, ...(input.yName ? { name: input.yName } : {}) },
    series: input.series.map((s, i) => ({
      type: 'line',
      name: s.name,
      data: s.data,
      showSymbol: input.categories.length <= 31,
      smooth: false,
      ...(colorOf(s.name)
        ? { itemStyle: { color: colorOf(s.name) }, lineStyle: { color: colorOf(s.name) } }
        : {}),
      ...(i === 0 && input.markLine
        ? {
            markLine: {
              symbol: 'none',
              silent: true,
              lineStyle: { color: '#d4380d', type: 'dashed', width: 1.5 },
              label: { formatter: input.markLine.label, color: '#d4380d', position: 'end' },
              data: [{ xAxis: input.markLine.at }],
            },
          }
        : {}),
    })),
  };
}

/** Shares of a whole (e.g. sentiment, platforms). */
export function pieChartOption(input: {
  data: { name: string; value: number }[];
  name?: string;
}): Record<string, unknown> {
  return {
    legend: { ...LEGEND, data: input.data.map((d) => d.name) },
    series: [
      {
        type: 'pie',
        name: input.name ?? '',
        radius: ['35%', '62%'],
        center: ['50%', '56%'],
        label: { formatter: '{b} {d}%' },
        data: input.data.map((d) =>
          colorOf(d.name) ? { ...d, itemStyle: { color: colorOf(d.name) } } : d,
        ),
      },
    ],
  };
}

/** Bars per category; several series stack when `stack` is set. `horizontal` for long names. */
export function barChartOption(input: {
  categories: string[];
  series: NamedSeries[];
  stack?: boolean;
  horizontal?: boolean;
}): Record<string, unknown> {
  const category = { type: 'category', data: input.categories };
  const value = { type: 'value', minInterval: 1 };
  return {
    legend: { ...LEGEND, data: input.series.map((s) => s.name) },
    grid: { left: 48, right: 24, top: 36, bottom: 32, containLabel: true },
    xAxis: input.horizontal ? value : category,
    yAxis: input.horizontal ? { ...category, inverse: true } : value,
    series: input.series.map((s) => ({
      type: 'bar',
      name: s.name,
      data: s.data,
      barMaxWidth: 36,
      ...(input.stack ? { stack: 'total' } : {}),
      ...(colorOf(s.name) ? { itemStyle: { color: colorOf(s.name) } } : {}),
    })),
  };
}

/**
 * The 14 prefectures of Gansu shaded by value (names as in the GeoJSON, e.g. 兰州市,
 * 临夏回族自治州). Prefectures without a value are drawn light grey.
 */
export function gansuMapOption(input: {
  values: { name: string; value: number }[];
  label: string;
}): Record<string, unknown> {
  const max = Math.max(1, ...input.values.map((v) => v.value));
  return {
    visualMap: {
      min: 0,
      max,
      left: 8,
      bottom: 8,
      text: ['高', '低'],
      calculable: false,
      inRange: { color: ['#e6f0ff', '#1f4e9a'] },
    },
    series: [
      {
        type: 'map',
        map: GANSU_MAP,
        name: input.label,
        roam: false,
        label: { show: true, fontSize: 10, color: '#262626' },
        itemStyle: { borderColor: '#ffffff', borderWidth: 1, areaColor: '#f0f0f0' },
        data: input.values,
      },
    ],
  };
}
