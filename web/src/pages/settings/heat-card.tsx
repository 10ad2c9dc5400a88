// 热度 in 设置 › 事件: the weight of each of the six factors (points; the server scales them to
// a sum of 100, and each one's share is shown as it will count) and where each factor counts in
// full. Checked in the browser with the server's own schema before it is sent.
import { Col, Form, InputNumber, Row, Typography } from 'antd';
import { useI18n } from '../../i18n/i18n.tsx';
import {
  HEAT_FACTORS,
  HEAT_FACTOR_LABELS,
  heatConfigSchema,
  type HeatConfig,
  type HeatFactorKey,
} from '../../../../src/domain/heat.ts';
import {
  clearChangedErrors,
  type CardProps,
  PartActions,
  PartCard,
  PartError,
  usePartEditor,
  type Problem,
  type PartProps,
} from './event-settings-shared.tsx';

const FIGURES = ['volumeFull', 'velocityFull', 'reachFull', 'negativityMinMentions'] as const;
type Figure = (typeof FIGURES)[number];

interface HeatForm {
  weights: Record<HeatFactorKey, number | null>;
  volumeFull: number | null;
  velocityFull: number | null;
  reachFull: number | null;
  negativityMinMentions: number | null;
}

const isFactor = (k: unknown): k is HeatFactorKey => HEAT_FACTORS.some((f) => f === k);
const isFigure = (k: unknown): k is Figure => FIGURES.some((f) => f === k);

/** Each factor's share of 100 as the server counts it ('—' while no weight is above 0). */
export function heatShares(
  weights: Partial<Record<HeatFactorKey, number | null>> | undefined,
): Record<HeatFactorKey, number | null> {
  const w = (k: HeatFactorKey) => {
    const v = weights?.[k];
    return typeof v === 'number' && Number.isFinite(v) && v > 0 ? v : 0;
  };
  const total = HEAT_FACTORS.reduce((a, k) => a + w(k), 0);
  return Object.fromEntries(
    HEAT_FACTORS.map((k) => [k, total > 0 ? (w(k) * 100) / total : null]),
  ) as Record<HeatFactorKey, number | null>;
}

export function HeatCard({ settings, canWrite, onSaved }: CardProps) {
  return (
    <PartCard part="heat" settings={settings} onSaved={onSaved}>
      {(part) => <HeatEditor heat={settings.heat} canWrite={canWrite} {...part} />}
    </PartCard>
  );
}

function HeatEditor({
  heat,
  isDefault,
  canWrite,
  onSaved,
}: PartProps & { heat: HeatConfig; canWrite: boolean }) {
  const { t, lang } = useI18n();
  const [form] = Form.useForm<HeatForm>();
  const weights = Form.useWatch('weights', form);
  const shares = heatShares(weights ?? heat.weights);
  const editor = usePartEditor({
    part: 'heat',
    form,
    schema: heatConfigSchema,
    fieldOf: (p: Problem) => {
      const [first, second] = p.path;
      if (first === 'weights' && isFactor(second)) return { name: ['weights', second] };
      if (isFigure(first)) return { name: [first] };
      return null;
    },
    onSaved,
  });

  return (
    <Form<HeatForm>
      form={form}
      layout="vertical"
      initialValues={heat}
      disabled={!canWrite}
      onValuesChange={() => clearChangedErrors(form)}
      data-testid="event-heat-form"
    >
      <PartError part="heat" error={editor.error} />
      <Typography.Title level={5} style={{ marginTop: 0 }}>
        {t('eventSettings.heat.weights')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t('eventSettings.heat.weightsDesc')}
      </Typography.Paragraph>
      <Row gutter={16}>
        {HEAT_FACTORS.map((k) => {
          const share = shares[k];
          return (
            <Col xs={12} md={8} xl={4} key={k}>
              <Form.Item
                label={lang === 'en' ? HEAT_FACTOR_LABELS[k].en : HEAT_FACTOR_LABELS[k].zh}
                name={['weights', k]}
                extra={
                  <span data-testid={`heat-share-${k}`}>
                    {share === null
                      ? t('common.none')
                      : t('eventSettings.heat.share', { p: share.toFixed(1) })}
                  </span>
                }
              >
                <InputNumber style={{ width: '100%' }} data-testid={`heat-weight-${k}`} />
              </Form.Item>
            </Col>
          );
        })}
      </Row>
      <Typography.Title level={5}>{t('eventSettings.heat.figures')}</Typography.Title>
      <Row gutter={16}>
        {FIGURES.map((k) => (
          <Col xs={24} md={12} xl={6} key={k}>
            <Form.Item
              label={t(`eventSettings.heat.${k}`)}
              name={k}
              extra={t(`eventSettings.heat.${k}.help`)}
            >
              <InputNumber style={{ width: '100%' }} data-testid={`heat-${k}`} />
            </Form.Item>
          </Col>
        ))}
      </Row>
      {canWrite ? <PartActions {...editor.actions} isDefault={isDefault} /> : null}
    </Form>
  );
}
