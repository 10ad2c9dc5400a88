// One ECharts chart in a React component: initialised on mount, the option set whenever it
// changes, resized with its box, disposed on unmount. The container carries data-points (how
// many data values the option holds) so tests and people can tell a drawn chart from an empty
// one without reading the canvas.
import type { ECElementEvent } from 'echarts/core';
import { useEffect, useRef } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { echarts, type ChartOption } from '../../lib/echarts.ts';

/** How many data values the option's series hold (map and graph nodes included). */
function countPoints(option: ChartOption): number {
  const series = option.series;
  const list = Array.isArray(series) ? series : series ? [series] : [];
  let n = 0;
  for (const s of list) {
    const data = (s as { data?: unknown }).data;
    if (Array.isArray(data)) n += data.length;
  }
  return n;
}

export function EChart({
  option,
  height = 280,
  testId,
  ariaLabel,
  onClick,
}: {
  option: ChartOption;
  height?: number;
  testId: string;
  /** What the chart shows, for screen readers (the canvas itself says nothing). */
  ariaLabel: string;
  onClick?: (params: ECElementEvent) => void;
}) {
  const { lang } = useI18n();
  const box = useRef<HTMLDivElement>(null);
  const chart = useRef<echarts.ECharts | null>(null);
  const clickRef = useRef(onClick);
  const optionRef = useRef(option);

  useEffect(() => {
    clickRef.current = onClick;
  }, [onClick]);

  useEffect(() => {
    const el = box.current;
    if (!el) return;
    const instance = echarts.init(el, undefined, {
      renderer: 'canvas',
      locale: lang === 'en' ? 'EN' : 'ZH',
    });
    chart.current = instance;
    instance.setOption(optionRef.current, { notMerge: true });
    instance.on('click', (p) => clickRef.current?.(p));
    const observer = new ResizeObserver(() => instance.resize());
    observer.observe(el);
    return () => {
      observer.disconnect();
      instance.dispose();
      chart.current = null;
    };
  }, [lang]);

  useEffect(() => {
    optionRef.current = option;
    chart.current?.setOption(option, { notMerge: true });
  }, [option]);

  return (
    <div
      ref={box}
      role="img"
      aria-label={ariaLabel}
      data-testid={testId}
      data-points={countPoints(option)}
      className={onClick ? 'echart echart-clickable' : 'echart'}
      style={{ width: '100%', height }}
    />
  );
}
