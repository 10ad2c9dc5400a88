// Why an event is as hot as it is, and why the machine suggests its grade: a bar per heat
// factor with its points out of its weight and what it read, and every grading rule with
// whether it was met (met ones first, marked). Risk categories in their texts (id×n) appear by
// their names in the risk lexicon.
import { CheckCircleFilled, MinusCircleOutlined } from '@ant-design/icons';
import { Progress, Space, Typography } from 'antd';
import type { GradeReason, HeatFactor } from '../../api/event-types.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { labelOr } from '../../lib/format.ts';
import { heatColor } from '../dashboard/hot-events.tsx';
import { riskName, type RiskNames } from '../mentions/analysis-tags.tsx';

/** The server's texts name risk categories by id (data_falsification×4): by name where known. */
function withRiskNames(text: string, names: RiskNames, lang: string): string {
  return text.replace(/([a-z0-9]+(?:[-_][a-z0-9]+)*)×/g, (m, id: string) =>
    names.has(id) ? `${riskName(names, id, lang)}×` : m,
  );
}

export function HeatFactors({
  heat,
  factors,
  riskNames,
}: {
  heat: number;
  factors: readonly HeatFactor[];
  riskNames: RiskNames;
}) {
  const { t, lang } = useI18n();
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      <Space align="baseline" size={12}>
        <span className="heat-total" style={{ color: heatColor(heat) }} data-testid="event-heat">
          {heat.toFixed(1)}
        </span>
        <Typography.Text type="secondary">{t('event.heat.outOf')}</Typography.Text>
      </Space>
      <div data-testid="heat-factors">
        {factors.map((f) => {
          const percent = f.weight > 0 ? Math.min(100, (f.points / f.weight) * 100) : 0;
          return (
            <div className="heat-factor" key={f.key} data-testid="heat-factor" data-key={f.key}>
              <div className="heat-factor-head">
                <Typography.Text strong>
                  {labelOr(t, `event.factor.${f.key}`, f.key)}
                </Typography.Text>
                <span className="metric" data-testid="heat-factor-points">
                  {t('event.heat.points', { points: f.points.toFixed(1), weight: f.weight })}
                </span>
              </div>
              <Progress
                percent={percent}
                showInfo={false}
                size="small"
                strokeColor={heatColor(percent)}
              />
              <Typography.Text type="secondary" data-testid="heat-factor-text">
                {withRiskNames(lang === 'en' ? f.en : f.zh, riskNames, lang)}
              </Typography.Text>
            </div>
          );
        })}
      </div>
      <Typography.Text type="secondary" className="chart-note">
        {t('event.heat.sum')}
      </Typography.Text>
    </Space>
  );
}

export function GradeReasons({
  reasons,
  riskNames,
}: {
  reasons: readonly GradeReason[];
  riskNames: RiskNames;
}) {
  const { t, lang } = useI18n();
  // Met first, each group in the server's order.
  const ordered = [...reasons.filter((r) => r.met), ...reasons.filter((r) => !r.met)];
  return (
    <ul className="grade-reasons" data-testid="grade-reasons">
      {ordered.map((r) => (
        <li
          key={r.rule}
          className={r.met ? 'grade-reason-met' : 'grade-reason-unmet'}
          data-testid="grade-reason"
          data-met={r.met ? '1' : '0'}
          data-rule={r.rule}
        >
          {r.met ? (
            <CheckCircleFilled aria-label={t('event.grade.met')} />
          ) : (
            <MinusCircleOutlined aria-label={t('event.grade.unmet')} />
          )}
          <span>
            {r.met ? <Typography.Text strong>{t('event.grade.met')}</Typography.Text> : null}
            {r.met ? '：' : ''}
            {withRiskNames(lang === 'en' ? r.en : r.zh, riskNames, lang)}
          </span>
        </li>
      ))}
    </ul>
  );
}
