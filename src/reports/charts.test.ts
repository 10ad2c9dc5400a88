import { execFileSync } from 'node:child_process';
import { PNG } from 'pngjs';
import { describe, expect, it } from 'vitest';
import {
  barChartOption,
  gansuMapOption,
  lineChartOption,
  pieChartOption,
  renderChartPng,
  renderChartSvg,
  SENTIMENT_COLORS,
} from './charts.ts';
import type { ChartSpec } from './document.ts';

const PREFECTURES = [
  '兰州市',
  '嘉峪关市',
  '金昌市',
  '白银市',
  '天水市',
  '武威市',
  '张掖市',
  '平凉市',
  '酒泉市',
  '庆阳市',
  '定西市',
  '陇南市',
  '临夏回族自治州',
  '甘南藏族自治州',
];

const sentimentCurve: ChartSpec = {
  title: '图1 舆情走势',
  alt: '负面信息在 11 月 2 日达到高峰，通报发布后回落',
  option: lineChartOption({
    categories: ['11-01', '11-02', '11-03', '11-04'],
    series: [
      { name: '负面', data: [3, 12, 4, 1] },
      { name: '中性', data: [5, 6, 7, 5] },
      { name: '正面', data: [1, 2, 6, 8] },
    ],
    markLine: { at: '11-02', label: '发布通报' },
  }),
};

/** Pixels that are not (near) white, and whether one is close to the given colour. */
function inspect(png: PNG, hex?: string): { inked: number; hasColour: boolean } {
  const want = hex ? [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16)) : null;
  let inked = 0;
  let hasColour = false;
  for (let i = 0; i < png.data.length; i += 4) {
    const [r, g, b] = [png.data[i] ?? 0, png.data[i + 1] ?? 0, png.data[i + 2] ?? 0];
    if (r < 240 || g < 240 || b < 240) inked++;
    if (want && Math.abs(r - want[0]!) + Math.abs(g - want[1]!) + Math.abs(b - want[2]!) < 30)
      hasColour = true;
  }
  return { inked, hasColour };
}

function hasCjkFont(): boolean {
  try {
    return execFileSync('fc-list', [':lang=zh'], { encoding: 'utf8' }).trim() !== '';
  } catch {
    return false;
  }
}

describe('renderChartSvg', () => {
  it('draws a line chart with the series’ names, sentiment colours and the statement’s mark', () => {
    const svg = renderChartSvg(sentimentCurve);
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg).toContain('width="640" height="320"');
    for (const name of ['负面', '中性', '正面', '发布通报', '11-02']) expect(svg).toContain(name);
    expect(svg).toContain(`stroke="${SENTIMENT_COLORS['负面']!}"`);
    expect(svg).toContain(`stroke="${SENTIMENT_COLORS['正面']!}"`);
    // Static: no scripts, no <style> element, no style attributes (presentation attributes only).
    expect(svg).not.toMatch(/<script|<style|\sstyle="|\son[a-z]+=/i);
    expect(svg).toContain('font-family="');
    expect(svg).toContain('WenQuanYi Micro Hei');
  });

  it('escapes names from the data', () => {
    const svg = renderChartSvg({
      title: 't',
      alt: 'a',
      option: barChartOption({
        categories: ['"quoted" & <b>bold</b>'],
        series: [{ name: '<script>alert(1)</script>', data: [1] }],
      }),
    });
    expect(svg).not.toContain('<script>');
    expect(svg).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(svg).not.toContain('<b>');
  });

  it('draws the 14 prefectures of Gansu, shaded by value', () => {
    const svg = renderChartSvg({
      title: '图2 地域分布',
      alt: '兰州市最多',
      height: 480,
      option: gansuMapOption({
        values: [
          { name: '兰州市', value: 20 },
          { name: '天水市', value: 4 },
        ],
        label: '信息量',
      }),
    });
    for (const name of PREFECTURES) expect(svg).toContain(`>${name}</text>`);
    const regions = [...svg.matchAll(/<path d="[^"]{200,}"[^>]*>/g)].map((m) => m[0]);
    expect(regions).toHaveLength(14);
    // No value: the light grey area colour; the highest value: the darkest blue of the scale.
    expect(regions.filter((r) => r.includes('fill="#f0f0f0"'))).toHaveLength(12);
    expect(regions.filter((r) => r.includes('fill="rgb(31,78,154)"'))).toHaveLength(1);
  });

  it('colours pie slices by sentiment and draws bar charts', () => {
    const pie = renderChartSvg({
      title: 'p',
      alt: 'a',
      option: pieChartOption({
        data: [
          { name: '负面', value: 2 },
          { name: '中性', value: 5 },
          { name: '正面', value: 3 },
        ],
      }),
    });
    for (const colour of Object.values(SENTIMENT_COLORS)) expect(pie).toContain(`fill="${colour}"`);
    expect(pie).toContain('负面 20%');
    const bar = renderChartSvg({
      title: 'b',
      alt: 'a',
      option: barChartOption({
        categories: ['微博', '抖音'],
        series: [
          { name: '负面', data: [3, 1] },
          { name: '正面', data: [2, 2] },
        ],
        stack: true,
        horizontal: true,
      }),
    });
    for (const word of ['微博', '抖音', '负面', '正面']) expect(bar).toContain(word);
  });

  it('refuses a size it cannot draw, naming the chart', () => {
    expect(() => renderChartSvg({ ...sentimentCurve, width: 0 })).toThrow(/图1 舆情走势.*width/);
    expect(() => renderChartSvg({ ...sentimentCurve, height: 10_000 })).toThrow(/at most 4000/);
    expect(() =>
      renderChartSvg({ title: '图9', alt: 'a', option: { series: [{ data: [1, 2] }] } }),
    ).toThrow(/图9.*needs a type/);
  });
});

describe('renderChartPng', () => {
  it('rasterises the chart at twice its size, with its colours', () => {
    const png = PNG.sync.read(renderChartPng(sentimentCurve));
    expect([png.width, png.height]).toEqual([1280, 640]);
    const { inked, hasColour } = inspect(png, SENTIMENT_COLORS['负面']);
    expect(inked).toBeGreaterThan(5_000);
    expect(hasColour).toBe(true);
  });

  it('renders the map and keeps the requested scale', () => {
    const png = PNG.sync.read(
      renderChartPng(
        {
          title: 'm',
          alt: 'a',
          width: 500,
          height: 400,
          option: gansuMapOption({ values: [{ name: '酒泉市', value: 3 }], label: '信息量' }),
        },
        1,
      ),
    );
    expect([png.width, png.height]).toEqual([500, 400]);
    expect(inspect(png, '#1f4e9a').hasColour).toBe(true);
  });

  it('draws Chinese labels when a CJK font is installed', (ctx) => {
    if (!hasCjkFont()) {
      console.warn('[tests] no CJK font (fc-list :lang=zh is empty): Chinese glyph check skipped');
      ctx.skip();
    }
    // Nothing but a Chinese title, against an empty one: the glyphs must add ink.
    const text = (t: string) =>
      inspect(
        PNG.sync.read(renderChartPng({ title: 't', alt: 'a', option: { title: { text: t } } })),
      );
    const a = text('负面信息数量');
    const b = text('');
    expect(a.inked - b.inked).toBeGreaterThan(300);
  });

  it('still draws the chart without any font', () => {
    const png = PNG.sync.read(renderChartPng(sentimentCurve, 1, { systemFonts: false }));
    expect([png.width, png.height]).toEqual([640, 320]);
    expect(inspect(png, SENTIMENT_COLORS['正面']).hasColour).toBe(true);
  });

  it('refuses a scale out of range', () => {
    expect(() => renderChartPng(sentimentCurve, 0)).toThrow(/scale/);
  });
});
