// A written output of Yuqing (after-action review, briefing, notice) shown in the page: the same
// document model the server renders to DOCX and HTML (src/reports/document.ts), drawn with
// Ant Design and the charts with ECharts. Text is shown as text, never as HTML.
import { Descriptions, Table, Typography } from 'antd';
import { useEffect, useState } from 'react';
import type { Block, ReportDocument } from '../../../src/reports/document.ts';
import { loadGansuMap } from '../lib/echarts.ts';
import { formatTime } from '../lib/format.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { EChart } from './charts/echart.tsx';

/** Whether an option draws the Gansu map (registered on first use). */
function usesMap(option: Record<string, unknown>): boolean {
  const series = option.series;
  const list = Array.isArray(series) ? series : series ? [series] : [];
  return list.some((s) => (s as { type?: unknown }).type === 'map');
}

function ChartBlock({ block, index }: { block: Extract<Block, { kind: 'chart' }>; index: number }) {
  const { chart } = block;
  const needsMap = usesMap(chart.option);
  const [ready, setReady] = useState(!needsMap);
  useEffect(() => {
    if (!needsMap) return;
    let live = true;
    loadGansuMap()
      .then(() => live && setReady(true))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [needsMap]);
  return (
    <figure className="report-chart" style={{ margin: '12px 0' }}>
      <Typography.Text strong>{chart.title}</Typography.Text>
      {ready ? (
        <EChart
          option={chart.option}
          height={chart.height ?? 320}
          testId={`report-chart-${index}`}
          ariaLabel={chart.alt}
        />
      ) : null}
    </figure>
  );
}

function BlockView({ block, index }: { block: Block; index: number }) {
  switch (block.kind) {
    case 'heading':
      return (
        <Typography.Title level={(block.level + 2) as 3 | 4 | 5} style={{ marginTop: 20 }}>
          {block.text}
        </Typography.Title>
      );
    case 'paragraph':
      return (
        <Typography.Paragraph>
          {block.runs.map((r, i) => (r.bold ? <strong key={i}>{r.text}</strong> : r.text))}
        </Typography.Paragraph>
      );
    case 'list': {
      const Tag = block.ordered ? 'ol' : 'ul';
      return (
        <Tag>
          {block.items.map((item, i) => (
            <li key={i}>{item}</li>
          ))}
        </Tag>
      );
    }
    case 'table':
      return (
        <div style={{ margin: '12px 0' }}>
          {block.caption ? <Typography.Text strong>{block.caption}</Typography.Text> : null}
          <Table
            size="small"
            bordered
            pagination={false}
            rowKey={(row) => String(row.key)}
            scroll={{ x: 'max-content' }}
            columns={block.columns.map((title, i) => ({ title, dataIndex: String(i), key: i }))}
            dataSource={block.rows.map((row, r) => ({
              key: r,
              ...Object.fromEntries(row.map((cell, i) => [String(i), cell])),
            }))}
          />
        </div>
      );
    case 'facts':
      return (
        <Descriptions
          size="small"
          bordered
          column={1}
          style={{ margin: '12px 0' }}
          items={block.items.map(([label, value], i) => ({ key: i, label, children: value }))}
        />
      );
    case 'chart':
      return <ChartBlock block={block} index={index} />;
    case 'pageBreak':
      return <hr />;
  }
}

export function ReportDocumentView({ doc, testId }: { doc: ReportDocument; testId: string }) {
  const { t, lang } = useI18n();
  return (
    <article data-testid={testId} className="report-document">
      {doc.marking ? (
        <Typography.Text type="secondary" style={{ float: 'right' }}>
          {doc.marking}
        </Typography.Text>
      ) : null}
      {doc.issuer ? <Typography.Text type="danger">{doc.issuer}</Typography.Text> : null}
      <Typography.Title level={3} style={{ textAlign: 'center' }}>
        {doc.title}
      </Typography.Title>
      {doc.subtitle ? (
        <Typography.Paragraph style={{ textAlign: 'center' }}>{doc.subtitle}</Typography.Paragraph>
      ) : null}
      {doc.blocks.map((block, i) => (
        <BlockView key={i} block={block} index={i} />
      ))}
      <Typography.Paragraph type="secondary" style={{ textAlign: 'right' }}>
        {t('report.generatedAt', { at: formatTime(doc.generatedAt, lang) })}
      </Typography.Paragraph>
    </article>
  );
}
