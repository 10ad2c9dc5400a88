// 分析试验: paste any text and see how the pipeline reads it — sentiment with its probabilities,
// the places it names, its risk categories and terms, the schemes it would match, its keywords.
// Nothing is stored.
import { ExperimentOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Form, Input, Space, Tag, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { api } from '../../api/client.ts';
import type { AnalyseResult, RiskLexiconWire } from '../../api/types.ts';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/format.ts';
import { riskName, SentimentTag, type RiskNames } from '../mentions/analysis-tags.tsx';

interface TryForm {
  title?: string;
  text: string;
}

const percent = (p: number) => `${Math.round(p * 100)}%`;

export function TryAnalysisCard({ riskLexicon }: { riskLexicon: RiskLexiconWire | null }) {
  const { t } = useI18n();
  const [form] = Form.useForm<TryForm>();
  const [result, setResult] = useState<AnalyseResult | null>(null);
  const [running, setRunning] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (v: TryForm) => {
    setRunning(true);
    setError(null);
    try {
      const title = v.title?.trim();
      setResult(await api.analyze({ text: v.text, ...(title ? { title } : {}) }));
    } catch (e: unknown) {
      setError(describeError(e, t));
    } finally {
      setRunning(false);
    }
  };

  return (
    <Card title={t('analysis.try.title')} data-testid="try-analysis">
      <Typography.Paragraph type="secondary">{t('analysis.try.desc')}</Typography.Paragraph>
      <Form<TryForm> form={form} layout="vertical" onFinish={(v) => void run(v)}>
        <Form.Item label={t('analysis.try.titleField')} name="title">
          <Input maxLength={1000} data-testid="try-title" />
        </Form.Item>
        <Form.Item
          label={t('analysis.try.text')}
          name="text"
          rules={[{ required: true, whitespace: true, message: t('common.required') }]}
        >
          <Input.TextArea
            autoSize={{ minRows: 3, maxRows: 12 }}
            maxLength={100_000}
            placeholder={t('analysis.try.placeholder')}
            data-testid="try-text"
          />
        </Form.Item>
        <Button
          type="primary"
          htmlType="submit"
          icon={<ExperimentOutlined />}
          loading={running}
          data-testid="try-run"
        >
          {t('analysis.try.run')}
        </Button>
      </Form>
      {error ? <Alert type="error" showIcon title={error} style={{ marginTop: 16 }} /> : null}
      {result ? <TryResult result={result} riskLexicon={riskLexicon} /> : null}
    </Card>
  );
}

function TryResult({
  result: r,
  riskLexicon,
}: {
  result: AnalyseResult;
  riskLexicon: RiskLexiconWire | null;
}) {
  const { t, lang } = useI18n();
  const none = t('common.none');
  const riskNames: RiskNames = useMemo(
    () => new Map((riskLexicon?.categories ?? []).map((c) => [c.id, c])),
    [riskLexicon],
  );
  // Scheme names for the ids the analysis answers with.
  const loadSchemes = useCallback(
    async (signal: AbortSignal) => (await api.schemes({ signal })).items,
    [],
  );
  const schemes = useApi(r.schemes.length ? loadSchemes : null);
  const schemeName = (id: string) => schemes.data?.find((s) => s.id === id)?.name ?? id;
  const p = r.sentiment.probabilities;

  return (
    <Descriptions
      size="small"
      column={1}
      bordered
      style={{ marginTop: 16 }}
      data-testid="try-result"
      items={[
        {
          key: 'sentiment',
          label: t('mentions.analysis.sentiment'),
          children: (
            <Space wrap>
              <SentimentTag sentiment={r.sentiment} />
              <Typography.Text type="secondary" data-testid="try-probabilities">
                {t('analysis.try.probabilities', {
                  negative: percent(p.negative),
                  neutral: percent(p.neutral),
                  positive: percent(p.positive),
                })}
              </Typography.Text>
            </Space>
          ),
        },
        {
          key: 'regions',
          label: t('mentions.analysis.regions'),
          children: r.regions.length ? (
            <Space size={4} wrap data-testid="try-regions">
              {r.regions.map((g) => (
                <Tag key={`${g.adcode}:${g.name}`} color="cyan" title={g.path.join(' › ')}>
                  {g.name} <span className="tag-code">{g.adcode}</span>
                </Tag>
              ))}
            </Space>
          ) : (
            none
          ),
        },
        {
          key: 'risk',
          label: t('mentions.analysis.risk'),
          children: (
            <Space orientation="vertical" size={4} data-testid="try-risk">
              <span>{t('mentions.analysis.riskScore', { score: r.risk.score.toFixed(2) })}</span>
              {r.risk.categories.map((c) => (
                <span key={c.id}>
                  <Tag color="volcano">{riskName(riskNames, c.id, lang)}</Tag>
                  {c.terms.join('、')}
                </span>
              ))}
            </Space>
          ),
        },
        {
          key: 'schemes',
          label: t('mentions.analysis.schemes'),
          children: r.schemes.length ? (
            <Space size={4} wrap data-testid="try-schemes">
              {r.schemes.map((id) => (
                <Tag key={id} color="geekblue">
                  {schemeName(id)}
                </Tag>
              ))}
            </Space>
          ) : (
            none
          ),
        },
        {
          key: 'keywords',
          label: t('mentions.analysis.keywords'),
          children: r.keywords.length ? (
            <Space size={4} wrap data-testid="try-keywords">
              {r.keywords.map((k) => (
                <Tag key={k}>{k}</Tag>
              ))}
            </Space>
          ) : (
            none
          ),
        },
      ]}
    />
  );
}
