// 现在值班: one card per unit keeping a roster, naming who is on duty, on which shift and
// until when; read again every minute and after every change.
import { Card, Col, Empty, Row, Space, Typography } from 'antd';
import { useCallback, useEffect } from 'react';
import { dutyApi } from '../../api/duty.ts';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { unitName } from '../../lib/format.ts';
import { OverrideTag, todayInGansu, useReloadOn, wallTime } from './duty-labels.tsx';

const REFRESH_MS = 60_000;

export function DutyNowCards({ version }: { version: number }) {
  const { t, lang } = useI18n();
  const load = useCallback((signal: AbortSignal) => dutyApi.now(null, signal), []);
  const now = useApi(load);
  const { reload } = now;
  useEffect(() => {
    const timer = window.setInterval(reload, REFRESH_MS);
    return () => window.clearInterval(timer);
  }, [reload]);
  // `version` changes after every change on the tab: read again then.
  useReloadOn(version, reload);

  const today = todayInGansu();
  const units = now.data?.units ?? [];
  return (
    <section data-testid="duty-now" aria-labelledby="duty-now-title">
      <Space style={{ justifyContent: 'space-between', width: '100%', marginBottom: 12 }} wrap>
        <Typography.Title level={5} id="duty-now-title" style={{ margin: 0 }}>
          {t('org.duty.now')}
        </Typography.Title>
        {now.data ? (
          <Typography.Text type="secondary">
            {t('org.duty.nowAsOf', { time: wallTime(now.data.at, today) })}
          </Typography.Text>
        ) : null}
      </Space>
      {now.error ? <LoadError error={now.error} onRetry={reload} /> : null}
      {!now.data && now.loading ? <Loading /> : null}
      {now.data && units.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('org.duty.nowNoUnits')} />
      ) : null}
      <Row gutter={[12, 12]}>
        {units.map((u) => (
          <Col key={u.unit_id} xs={24} sm={12} lg={8} xl={6}>
            <Card
              size="small"
              title={unitName({ name: u.unit_name, name_en: u.unit_name_en }, lang)}
              data-testid="duty-now-card"
              data-unit-id={u.unit_id}
            >
              {u.on_duty.length === 0 ? (
                <Typography.Text type="secondary">
                  {u.has_shifts ? t('org.duty.nowNobody') : t('org.duty.nowNoShift')}
                </Typography.Text>
              ) : (
                <Space orientation="vertical" size={8} style={{ width: '100%' }}>
                  {u.on_duty.map((d) => (
                    <div
                      key={`${d.shift_id}:${d.person_id}`}
                      data-testid="duty-now-person"
                      data-shift={d.shift_name}
                    >
                      <Typography.Text strong>{d.name}</Typography.Text>
                      <Typography.Text type="secondary"> {d.title}</Typography.Text>
                      {d.via === 'override' ? <OverrideTag t={t} /> : null}
                      <div>
                        <Typography.Text>{d.shift_name}</Typography.Text>
                        <Typography.Text type="secondary">
                          {' · '}
                          {t('org.duty.until', { time: wallTime(d.until, today) })}
                        </Typography.Text>
                      </div>
                      {d.phone || d.email ? (
                        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                          {[d.phone, d.email].filter(Boolean).join(' · ')}
                        </Typography.Text>
                      ) : null}
                    </div>
                  ))}
                </Space>
              )}
            </Card>
          </Col>
        ))}
      </Row>
    </section>
  );
}
