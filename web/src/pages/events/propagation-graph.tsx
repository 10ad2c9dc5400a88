// How an event spread: the repost links between its mentions as a force-laid graph (an arrow
// from the post to its repost), the key spreaders larger and red. Authors' names are untrusted
// text: on the canvas they are drawn, in the tooltip they are escaped.
import { Typography } from 'antd';
import { useMemo } from 'react';
import type { EventDetail } from '../../api/event-types.ts';
import { EChart } from '../../components/charts/echart.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { CHART_COLORS, escapeHtml, type ChartOption } from '../../lib/echarts.ts';

/** More nodes than this and the graph shows the key spreaders' neighbourhoods only. */
const MAX_NODES = 300;

export function PropagationGraph({
  propagation,
  authors,
}: {
  propagation: EventDetail['propagation'];
  /** Author of a mention by id, where known (the mentions on screen). */
  authors: ReadonlyMap<string, string | null>;
}) {
  const { t } = useI18n();
  const option = useMemo<ChartOption | null>(() => {
    const edges = propagation.edges;
    if (edges.length === 0) return null;
    const spreaders = new Map(propagation.key_spreaders.map((k) => [k.id, k.reposts]));
    const ids: string[] = [];
    const seen = new Set<string>();
    for (const e of edges) {
      for (const id of [e.to, e.from]) {
        if (!seen.has(id)) {
          seen.add(id);
          ids.push(id);
        }
      }
    }
    const kept = new Set(ids.slice(0, MAX_NODES));
    const name = (id: string) => authors.get(id) ?? t('event.propagation.unknownAuthor');
    return {
      tooltip: {
        trigger: 'item',
        formatter: (params: unknown) => {
          const p = params as { dataType?: string; data?: { id?: string; reposts?: number } };
          if (p.dataType !== 'node' || !p.data?.id) return '';
          const n = p.data.reposts ?? 0;
          return `${escapeHtml(name(p.data.id))}<br/>${t('event.propagation.reposts', { n })}`;
        },
      },
      series: [
        {
          type: 'graph',
          layout: 'force',
          roam: true,
          draggable: true,
          force: { repulsion: 120, edgeLength: 50, gravity: 0.1 },
          edgeSymbol: ['none', 'arrow'],
          edgeSymbolSize: 6,
          lineStyle: { color: '#bfbfbf', width: 1 },
          label: { show: true, position: 'right', fontSize: 10, color: '#595959' },
          data: [...kept].map((id) => {
            const reposts = spreaders.get(id) ?? 0;
            const key = spreaders.has(id);
            return {
              id,
              name: name(id),
              reposts,
              symbolSize: key ? 14 + Math.min(20, reposts * 3) : 8,
              itemStyle: { color: key ? CHART_COLORS.negative : CHART_COLORS.total },
              label: { show: key },
            };
          }),
          // The repost points at its parent (from -> to); the arrow shows the flow, parent first.
          links: edges
            .filter((e) => kept.has(e.from) && kept.has(e.to))
            .map((e) => ({ source: e.to, target: e.from })),
        },
      ],
    };
  }, [propagation, authors, t]);

  if (!option) {
    return (
      <Typography.Paragraph type="secondary" data-testid="propagation-none">
        {t('event.propagation.none', { n: propagation.nodes })}
      </Typography.Paragraph>
    );
  }
  return (
    <>
      <EChart
        option={option}
        height={320}
        testId="propagation-graph"
        ariaLabel={t('event.propagation.aria', {
          edges: propagation.edges.length,
          spreaders: propagation.key_spreaders.length,
        })}
      />
      <Typography.Text type="secondary" className="chart-note">
        {t('event.propagation.note', {
          edges: propagation.edges.length,
          spreaders: propagation.key_spreaders.length,
        })}
      </Typography.Text>
    </>
  );
}
