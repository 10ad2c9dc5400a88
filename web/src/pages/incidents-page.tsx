// 事件处置 (/incidents): the board of the incidents the reader may read, by state (a tab per
// state with its count, and all of them), each card with its grade, confidentiality, what its
// clocks found (breached, unexplained, due soon) and the next running clock ticking down.
// The office, a leader or a division opens (登记) an incident by hand here; the live stream
// reloads the board when a step concerns the reader.
import { PlusOutlined, ReloadOutlined, WarningOutlined } from '@ant-design/icons';
import { Badge, Button, Card, Col, Empty, Row, Space, Tabs, Tag, Typography } from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api } from '../api/client.ts';
import { incidentsApi, type IncidentCard, type IncidentState } from '../api/incidents.ts';
import { useMe } from '../auth/auth-context.tsx';
import { LoadError, Loading } from '../components/load-state.tsx';
import { useApi } from '../hooks/use-api.ts';
import { useI18n, type Lang } from '../i18n/i18n.tsx';
import { formatTime, unitName } from '../lib/format.ts';
import { formatSpan, useNow } from './alerts/alert-tags.tsx';
import {
  ConfidentialityTag,
  IncidentGradeTag,
  INCIDENT_STATES,
  LiveDot,
  StateTag,
} from './incidents/incident-tags.tsx';
import { mayOpenIncident } from './incidents/people.ts';
import { OpenIncidentModal } from './incidents/open-incident-modal.tsx';
import { useLiveIncidents } from './incidents/use-live-incidents.ts';
import './incidents/incidents.css';

type TabKey = 'all' | IncidentState;

export function IncidentsPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const [version, setVersion] = useState(0);
  const bump = useCallback(() => setVersion((v) => v + 1), []);
  const [opening, setOpening] = useState(false);
  const live = useLiveIncidents(bump);
  const now = useNow();

  const load = useCallback(
    (signal: AbortSignal) => {
      void version;
      return incidentsApi.list({ signal });
    },
    [version],
  );
  const board = useApi(load);
  const loadUnits = useCallback((signal: AbortSignal) => api.units(signal), []);
  const units = useApi(loadUnits);
  const unitNames = useMemo(
    () => new Map((units.data?.items ?? []).map((u) => [u.id, unitName(u, lang)])),
    [units.data, lang],
  );

  const items = useMemo(() => board.data?.items ?? [], [board.data]);
  const counts = useMemo(() => {
    const m = new Map<IncidentState, number>();
    for (const c of items) m.set(c.state, (m.get(c.state) ?? 0) + 1);
    return m;
  }, [items]);
  const requested = params.get('state');
  const tab: TabKey =
    requested && (INCIDENT_STATES as readonly string[]).includes(requested)
      ? (requested as IncidentState)
      : 'all';
  const shown = tab === 'all' ? items : items.filter((c) => c.state === tab);
  const canOpen = mayOpenIncident(me);

  const tabLabel = (key: TabKey, n: number) => (
    <span data-testid={`state-tab-${key}`} data-count={n}>
      {key === 'all' ? t('incidents.tab.all') : t(`incident.state.${key}`)}{' '}
      <Badge count={n} showZero color={n ? '#1f4e9a' : '#bfbfbf'} size="small" />
    </span>
  );

  return (
    <div className="incidents-page" data-testid="incidents-page">
      <Card size="small">
        <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
          <Typography.Text type="secondary">{t('incidents.intro')}</Typography.Text>
          <Space wrap>
            <LiveDot status={live} />
            <Button icon={<ReloadOutlined />} onClick={board.reload} data-testid="incidents-reload">
              {t('incidents.reload')}
            </Button>
            {canOpen ? (
              <Button
                type="primary"
                icon={<PlusOutlined />}
                onClick={() => setOpening(true)}
                data-testid="incident-open"
              >
                {t('incidents.open')}
              </Button>
            ) : null}
          </Space>
        </Space>
      </Card>
      <Card>
        <Tabs
          activeKey={tab}
          onChange={(k) => setParams(k === 'all' ? {} : { state: k }, { replace: true })}
          items={[
            { key: 'all', label: tabLabel('all', items.length) },
            ...INCIDENT_STATES.map((s) => ({ key: s, label: tabLabel(s, counts.get(s) ?? 0) })),
          ]}
        />
        {board.error ? <LoadError error={board.error} onRetry={board.reload} /> : null}
        {!board.data && !board.error ? <Loading /> : null}
        {board.data && shown.length === 0 ? (
          <Empty description={t('incidents.empty')} data-testid="incidents-empty" />
        ) : null}
        <Row gutter={[16, 16]} data-testid="incident-cards">
          {shown.map((c) => (
            <Col xs={24} md={12} xl={8} key={c.id}>
              <IncidentCardView
                card={c}
                unit={unitNames.get(c.unitId) ?? null}
                now={now}
                lang={lang}
              />
            </Col>
          ))}
        </Row>
      </Card>
      {opening ? (
        <OpenIncidentModal
          units={units.data?.items ?? []}
          onCancel={() => setOpening(false)}
          onDone={(id) => {
            setOpening(false);
            bump();
            void navigate(`/incidents/${encodeURIComponent(id)}`);
          }}
        />
      ) : null}
    </div>
  );
}

function IncidentCardView({
  card: c,
  unit,
  now,
  lang,
}: {
  card: IncidentCard;
  unit: string | null;
  now: number;
  lang: Lang;
}) {
  const { t } = useI18n();
  const to = `/incidents/${encodeURIComponent(c.id)}`;
  return (
    <Card
      size="small"
      className={c.clocks.breached ? 'incident-card incident-card-breached' : 'incident-card'}
      data-testid="incident-card"
      data-id={c.id}
      data-state={c.state}
      title={
        <Link to={to} data-testid="incident-card-title" className="incident-card-title">
          {c.title}
        </Link>
      }
      extra={<StateTag state={c.state} />}
    >
      <Space size={[4, 4]} wrap>
        <IncidentGradeTag grade={c.grade} />
        <ConfidentialityTag level={c.confidentiality} />
        {c.clocks.breached ? (
          <Tag color="red" icon={<WarningOutlined />} data-testid="card-breached">
            {t('incidents.card.breached', { n: c.clocks.breached })}
          </Tag>
        ) : null}
        {c.clocks.unexplained ? (
          <Tag color="volcano" data-testid="card-unexplained">
            {t('incidents.card.unexplained', { n: c.clocks.unexplained })}
          </Tag>
        ) : null}
        {c.clocks.dueSoon ? (
          <Tag color="orange" data-testid="card-due-soon">
            {t('incidents.card.dueSoon', { n: c.clocks.dueSoon })}
          </Tag>
        ) : null}
      </Space>
      <div className="incident-card-next" data-testid="card-next">
        {c.next ? (
          <NextClock next={c.next} now={now} />
        ) : (
          <Typography.Text type="secondary">{t('incidents.card.noClock')}</Typography.Text>
        )}
      </div>
      <Typography.Text type="secondary" className="incident-card-meta">
        {unit ? `${unit} · ` : ''}
        {t('incidents.card.opened', { at: formatTime(c.openedAt, lang) })}
      </Typography.Text>
    </Card>
  );
}

function NextClock({ next, now }: { next: NonNullable<IncidentCard['next']>; now: number }) {
  const { t, lang } = useI18n();
  const left = Date.parse(next.targetAt) - now;
  return (
    <span title={formatTime(next.targetAt, lang)} data-overdue={left < 0 ? 'true' : 'false'}>
      <Typography.Text strong>{next.label}</Typography.Text>{' '}
      {left >= 0 ? (
        <Typography.Text type={left <= 15 * 60_000 ? 'warning' : undefined}>
          {t('incident.clock.left', { span: formatSpan(t, left) })}
        </Typography.Text>
      ) : (
        <Typography.Text type="danger">
          {t('incident.clock.overdue', { span: formatSpan(t, -left) })}
        </Typography.Text>
      )}
    </span>
  );
}
