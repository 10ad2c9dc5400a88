// 排名: the ranking of a month or quarter (Asia/Shanghai calendar) by unit or by person —
// reports, adopted, adoption rate, lead-time firsts, points and the shared ranks — with the
// notice (报送及采用情况通报) to download as DOCX or open as a page, and the scoring rules the
// points follow (the office changes them). A city bureau sees its own rows with the province's
// ranks.
import { DownloadOutlined, EditOutlined, FileTextOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Segmented, Select, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import type { Me } from '../../api/types.ts';
import {
  informantsApi,
  noticeUrl,
  type Ranking,
  type RankingRow,
  type ScoringSettings,
} from '../../api/informants.ts';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { currentPeriod, periodOptions, type PeriodKind } from './periods.ts';
import { ScoringSettingsModal } from './scoring-settings-modal.tsx';

export function rateText(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`;
}

export function ScoringRules({ s, t }: { s: ScoringSettings; t: Translate }) {
  return (
    <ul className="scoring-rules" data-testid="scoring-rules">
      <li>
        {t('informants.rules.base', {
          report: s.report_points,
          daily: s.level_points.daily,
          special: s.level_points.special,
          instruction: s.level_points.instruction,
        })}
      </li>
      <li>
        {t('informants.rules.lead', {
          bands:
            s.lead_bands
              .map((b) => t('informants.rules.band', { min: b.min_minutes, n: b.points }))
              .join(t('informants.rules.sep')) || '—',
          unmatched: s.unmatched_points,
        })}
      </li>
      <li>{t('informants.rules.zero')}</li>
      <li>{t('informants.rules.order')}</li>
    </ul>
  );
}

export function RankingTab({ me, canEdit }: { me: Me; canEdit: boolean }) {
  const { t, lang } = useI18n();
  const now = useMemo(() => new Date(), []);
  const [kind, setKind] = useState<Exclude<PeriodKind, 'year'>>('month');
  const [period, setPeriod] = useState(() => currentPeriod('month', now));
  const [by, setBy] = useState<'unit' | 'person'>('unit');
  const [editing, setEditing] = useState(false);

  const load = useCallback(
    (signal: AbortSignal) => informantsApi.ranking(period, by, signal),
    [period, by],
  );
  const ranking = useApi(load);
  const data: Ranking | undefined = ranking.data;
  const province = me.scope.kind === 'province';

  const columns: TableColumnsType<RankingRow> = [
    { title: t('informants.col.rank'), dataIndex: 'rank', key: 'rank', width: 60 },
    ...(by === 'person'
      ? [
          {
            title: t('informants.col.person'),
            key: 'person',
            width: 100,
            render: (_: unknown, r: RankingRow) => r.person?.name ?? '',
          },
        ]
      : []),
    {
      title: t('informants.col.unit'),
      key: 'unit',
      width: 170,
      render: (_: unknown, r: RankingRow) => r.unit.name,
    },
    { title: t('informants.col.reports'), dataIndex: 'reports', key: 'reports', width: 80 },
    { title: t('informants.col.adopted'), dataIndex: 'adopted', key: 'adopted', width: 80 },
    {
      title: t('informants.col.rate'),
      key: 'rate',
      width: 90,
      render: (_: unknown, r: RankingRow) => rateText(r.adoption_rate),
    },
    { title: t('informants.col.firsts'), dataIndex: 'firsts', key: 'firsts', width: 90 },
    { title: t('informants.col.points'), dataIndex: 'points', key: 'points', width: 80 },
    { title: t('informants.col.pending'), dataIndex: 'pending', key: 'pending', width: 80 },
  ];

  return (
    <div data-testid="ranking-tab">
      <Space wrap style={{ marginBottom: 12 }}>
        <Segmented<'month' | 'quarter'>
          value={kind}
          onChange={(k) => {
            setKind(k);
            setPeriod(currentPeriod(k, now));
          }}
          options={[
            { value: 'month', label: t('informants.period.month') },
            { value: 'quarter', label: t('informants.period.quarter') },
          ]}
          data-testid="ranking-kind"
        />
        <Select
          value={period}
          onChange={setPeriod}
          options={periodOptions(kind, now, lang)}
          style={{ width: 160 }}
          data-testid="ranking-period"
          aria-label={t('informants.period.label')}
        />
        <Segmented<'unit' | 'person'>
          value={by}
          onChange={setBy}
          options={[
            { value: 'unit', label: t('informants.by.unit') },
            { value: 'person', label: t('informants.by.person') },
          ]}
          data-testid="ranking-by"
        />
        {province ? (
          <>
            <Button
              icon={<DownloadOutlined />}
              href={noticeUrl(period, 'docx')}
              download
              data-testid="notice-docx"
            >
              {t('informants.notice.docx')}
            </Button>
            <Button
              icon={<FileTextOutlined />}
              href={noticeUrl(period, 'html')}
              target="_blank"
              rel="noopener noreferrer"
              data-testid="notice-html"
            >
              {t('informants.notice.html')}
            </Button>
          </>
        ) : null}
      </Space>
      {!province ? (
        <Alert
          type="info"
          showIcon
          title={t('informants.ranking.ownUnit')}
          style={{ marginBottom: 12 }}
        />
      ) : null}
      {ranking.error ? <LoadError error={ranking.error} onRetry={ranking.reload} /> : null}
      {data ? (
        <Typography.Paragraph data-testid="ranking-totals">
          {t('informants.ranking.totals', {
            period: lang === 'en' ? data.period.label_en : data.period.label,
            reports: data.totals.reports,
            adopted: data.totals.adopted,
            rate: rateText(data.totals.adoption_rate),
            firsts: data.totals.firsts,
            points: data.totals.points,
            pending: data.totals.pending,
          })}
        </Typography.Paragraph>
      ) : null}
      <Table<RankingRow>
        rowKey={(r) => `${r.unit.id}/${r.person?.id ?? ''}`}
        size="small"
        columns={columns}
        dataSource={data?.rows ?? []}
        loading={ranking.loading}
        pagination={false}
        scroll={{ x: by === 'person' ? 820 : 720 }}
        data-testid="ranking-table"
      />
      {data ? (
        <Card
          size="small"
          style={{ marginTop: 16 }}
          title={t('informants.rules.title')}
          extra={
            canEdit ? (
              <Button
                size="small"
                icon={<EditOutlined />}
                onClick={() => setEditing(true)}
                data-testid="rules-edit"
              >
                {t('informants.rules.edit')}
              </Button>
            ) : null
          }
        >
          <ScoringRules s={data.settings} t={t} />
        </Card>
      ) : null}
      {editing && data ? (
        <ScoringSettingsModal
          settings={data.settings}
          onClose={(saved) => {
            setEditing(false);
            if (saved) ranking.reload();
          }}
        />
      ) : null}
    </div>
  );
}
