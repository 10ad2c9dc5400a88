// Apache ECharts, lean: only the chart types and components the 总览 and the event page draw are
// registered (echarts/core), and the Gansu map is fetched once, on first use, as its own file.
import { BarChart, GraphChart, LineChart, MapChart, PieChart } from 'echarts/charts';
import type {
  BarSeriesOption,
  GraphSeriesOption,
  LineSeriesOption,
  MapSeriesOption,
  PieSeriesOption,
} from 'echarts/charts';
import {
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
} from 'echarts/components';
import type {
  GridComponentOption,
  LegendComponentOption,
  MarkAreaComponentOption,
  MarkLineComponentOption,
  TooltipComponentOption,
  VisualMapComponentOption,
} from 'echarts/components';
import * as echarts from 'echarts/core';
import type { ComposeOption } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import gansuGeoUrl from '../assets/geo/gansu_prefectures.geojson?url';

echarts.use([
  BarChart,
  GraphChart,
  LineChart,
  MapChart,
  PieChart,
  GridComponent,
  LegendComponent,
  MarkAreaComponent,
  MarkLineComponent,
  TooltipComponent,
  VisualMapComponent,
  CanvasRenderer,
]);

export { echarts };

export type ChartOption = ComposeOption<
  | BarSeriesOption
  | GraphSeriesOption
  | LineSeriesOption
  | MapSeriesOption
  | PieSeriesOption
  | GridComponentOption
  | LegendComponentOption
  | MarkAreaComponentOption
  | MarkLineComponentOption
  | TooltipComponentOption
  | VisualMapComponentOption
>;

/** Colours shared by the charts: negative red, positive green, neutral grey, the brand blue. */
export const CHART_COLORS = {
  total: '#1f4e9a',
  negative: '#cf1322',
  neutral: '#8c8c8c',
  positive: '#389e0d',
  burst: 'rgba(250, 140, 22, 0.16)',
} as const;

/** Text that came from posts or people, made safe for ECharts' HTML tooltips. */
export function escapeHtml(text: string): string {
  return echarts.format.encodeHTML(text);
}

export const GANSU_MAP = 'gansu';
let gansuMap: Promise<void> | null = null;

/** Fetches and registers the Gansu prefecture map (once; a failure may be tried again). */
export function loadGansuMap(): Promise<void> {
  gansuMap ??= fetch(gansuGeoUrl, { credentials: 'same-origin' })
    .then(async (res) => {
      if (!res.ok) throw new Error(`map data: ${res.status} ${res.statusText}`);
      const geo = (await res.json()) as Parameters<typeof echarts.registerMap>[1];
      echarts.registerMap(GANSU_MAP, geo);
    })
    .catch((e: unknown) => {
      gansuMap = null;
      throw e;
    });
  return gansuMap;
}
