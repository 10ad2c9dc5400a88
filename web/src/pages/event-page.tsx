// One event (/events/:id): what it is (title, keywords, status, first and last seen), why it
// is hot (the heat with every factor), why the machine suggests its grade (every rule, met
// ones first), its trend at a chosen resolution, sentiment, sources, regions, top authors,
// similar-article groups, how it spread, its mentions, and the effect of the official
// statements made about it (发布效果, when there are any). Office and admin may merge other
// events into it and split mentions out of it; nobody else is offered either.
import { ArrowLeftOutlined, FlagOutlined, MergeCellsOutlined } from '@ant-design/icons';
import {
  Alert,
  Button,
  Card,
  Col,
  Descriptions,
  Empty,
  Row,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import { useCallback, useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { api } from '../api/client.ts';
import type { EventDetail } from '../api/event-types.ts';
import { eventsApi } from '../api/events.ts';
import type { Mention } from '../api/types.ts';
import { useMe } from '../auth/auth-context.tsx';
import { may } from '../auth/permissions.ts';
import { LoadError, Loading } from '../components/load-state.tsx';
import { useApi } from '../hooks/use-api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatCount, formatTime } from '../lib/format.ts';
import { gansuRegion } from '../lib/gansu.ts';
import { SentimentChart } from './dashboard/sentiment-chart.tsx';
import { SourcesChart } from './dashboard/sources-chart.tsx';
import { EventMentions } from './events/event-mentions.tsx';
import { AuthorityTag, GradeTag, StatusTag } from './events/event-tags.tsx';
import { EventTimeline } from './events/event-timeline.tsx';
import { EventTrend } from './events/event-trend.tsx';
import { GradeReasons, HeatFactors } from './events/heat-grade.tsx';
import { MergeModal } from './events/merge-modal.tsx';
import { OpenIncidentModal } from './incidents/open-incident-modal.tsx';
import { mayOpenIncident } from './incidents/people.ts';
import { PropagationGraph } from './events/propagation-graph.tsx';
import { ReleaseEffectCard } from './events/release-effect.tsx';
import { riskName, type RiskNames } from './mentions/analysis-tags.tsx';
import './dashboard/dashboard.css';

/** The name of a region code: a known one, else its prefecture's with the code, else the code. */
export function regionLabel(adcode: string, lang: string): string {
  const pick = (r: { name: string; nameEn: string }) => (lang === 'en' ? r.nameEn : r.name);
  const known = gansuRegion(adcode);
  if (known) return pick(known);
  const prefecture = gansuRegion(`${adcode.slice(0, 4)}00`);
  return prefecture ? `${pick(prefecture)} · ${adcode}` : adcode;
}

export function EventPage() {
  const { id = '' } = useParams();
  // A new id is a new page: nothing of the previous event stays on screen while it loads.
  return <EventView key={id} id={id} />;
}

function EventView({ id }: { id: string }) {
  const { t } = useI18n();
  const me = useMe();
  const mayChange = may(me, 'event.write');
  const [version, setVersion] = useState(0);
  const [merging, setMerging] = useState(false);
  // 转入处置: the office (or a leader, a division) opens an incident from this event.
  const [opening, setOpening] = useState(false);
  const navigate = useNavigate();
  const [splitOff, setSplitOff] = useState<EventDetail | null>(null);
  const [onScreen, setOnScreen] = useState<readonly Mention[]>([]);

  const load = useCallback(
    (signal: AbortSignal) => {
      void version;
      return eventsApi.event(id, signal);
    },
    [id, version],
  );
  const detail = useApi(load);
  const loadRisk = useCallback((signal: AbortSignal) => api.analysisSettings(signal), []);
  const settings = useApi(loadRisk);
  const riskNames: RiskNames = useMemo(
    () => new Map((settings.data?.risk_lexicon.categories ?? []).map((c) => [c.id, c])),
    [settings.data],
  );
  const authors = useMemo(() => new Map(onScreen.map((m) => [m.id, m.author])), [onScreen]);
  const changed = useCallback(() => setVersion((v) => v + 1), []);

  const e = detail.data;
  if (!e) {
    return detail.error ? <LoadError error={detail.error} onRetry={detail.reload} /> : <Loading />;
  }
  return (
    <div className="dashboard" data-testid="event-page" data-event-id={e.id}>
      <EventHeader
        e={e}
        mayChange={mayChange && e.status !== 'merged'}
        onMerge={() => setMerging(true)}
        onOpenIncident={mayOpenIncident(me) ? () => setOpening(true) : null}
      />
      {splitOff ? (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setSplitOff(null) }}
          title={
            <span>
              {t('event.split.created')}{' '}
              <Link to={`/events/${encodeURIComponent(splitOff.id)}`} data-testid="split-link">
                {splitOff.title}
              </Link>
            </span>
          }
          data-testid="split-result"
        />
      ) : null}
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('event.heat.title')} style={{ height: '100%' }}>
            <HeatFactors heat={e.heat} factors={e.heat_factors} riskNames={riskNames} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card
            size="small"
            title={t('event.grade.title')}
            extra={<GradeTag grade={e.suggested_grade} />}
            style={{ height: '100%' }}
          >
            <Typography.Paragraph type="secondary">{t('event.grade.intro')}</Typography.Paragraph>
            <GradeReasons reasons={e.grade_reasons} riskNames={riskNames} />
          </Card>
        </Col>
        <Col xs={24} xl={16}>
          <Card size="small" title={t('event.trend.title')}>
            <EventTrend event={e} version={version} />
          </Card>
        </Col>
        <Col xs={24} xl={8}>
          <Card size="small" title={t('dashboard.sentiment.title')}>
            <SentimentChart mix={e.sentiment} testId="event-sentiment-chart" height={280} />
          </Card>
        </Col>
        <ReleaseEffectCard eventId={e.id} version={version} />
        <Col xs={24} lg={12} xl={8}>
          <Card size="small" title={t('event.sources.title')}>
            <SourcesChart sources={e.sources} testId="event-sources-chart" height={220} />
          </Card>
        </Col>
        <Col xs={24} lg={12} xl={8}>
          <Card size="small" title={t('event.regions.title')}>
            <Regions e={e} />
          </Card>
        </Col>
        <Col xs={24} lg={12} xl={8}>
          <Card size="small" title={t('event.authors.title')}>
            <Authors e={e} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('event.groups.title')}>
            <Groups e={e} />
            <RiskCategories e={e} riskNames={riskNames} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('event.timeline.title')}>
            <EventTimeline timeline={e.timeline} />
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('event.propagation.title')}>
            <PropagationGraph propagation={e.propagation} authors={authors} />
          </Card>
        </Col>
        <Col xs={24}>
          <Card size="small" title={t('event.mentions.title', { n: e.mention_count })}>
            <EventMentions
              eventId={e.id}
              version={version}
              mayChange={mayChange && e.status !== 'merged'}
              riskNames={riskNames}
              onLoaded={setOnScreen}
              onSplit={(created) => {
                setSplitOff(created);
                changed();
              }}
            />
          </Card>
        </Col>
      </Row>
      {opening ? (
        <OpenIncidentModal
          source={{ kind: 'event', refId: e.id, name: e.title, title: e.title }}
          onCancel={() => setOpening(false)}
          onDone={(incidentId) => void navigate(`/incidents/${encodeURIComponent(incidentId)}`)}
        />
      ) : null}
      {merging ? (
        <MergeModal
          target={e}
          onClose={(merged) => {
            setMerging(false);
            if (merged) changed();
          }}
        />
      ) : null}
    </div>
  );
}

function EventHeader({
  e,
  mayChange,
  onMerge,
  onOpenIncident,
}: {
  e: EventDetail;
  mayChange: boolean;
  onMerge: () => void;
  onOpenIncident: (() => void) | null;
}) {
  const { t, lang } = useI18n();
  return (
    <Card
      title={
        <Typography.Title level={4} style={{ margin: 0 }} data-testid="event-title">
          {e.title}
        </Typography.Title>
      }
      extra={
        <Space wrap>
          {onOpenIncident ? (
            <Button
              icon={<FlagOutlined />}
              onClick={onOpenIncident}
              data-testid="event-open-incident"
            >
              {t('incidents.openFrom')}
            </Button>
          ) : null}
          {mayChange ? (
            <Button icon={<MergeCellsOutlined />} onClick={onMerge} data-testid="event-merge">
              {t('event.merge.button')}
            </Button>
          ) : null}
          <Link to="/">
            <ArrowLeftOutlined /> {t('event.back')}
          </Link>
        </Space>
      }
    >
      {e.status === 'merged' && e.merged_into ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 12 }}
          title={
            <span>
              {t('event.mergedInto')}{' '}
              <Link to={`/events/${encodeURIComponent(e.merged_into)}`}>
                {t('event.mergedIntoLink')}
              </Link>
            </span>
          }
          data-testid="event-merged-note"
        />
      ) : null}
      <Descriptions
        size="small"
        column={{ xs: 1, md: 2, xl: 3 }}
        items={[
          {
            key: 'status',
            label: t('event.field.status'),
            children: (
              <Space size={4} wrap>
                <StatusTag status={e.status} />
                {e.is_demo ? <Tag color="orange">{t('mentions.demo')}</Tag> : null}
              </Space>
            ),
          },
          {
            key: 'grade',
            label: t('event.field.grade'),
            children: (
              <Space size={4} wrap>
                <GradeTag grade={e.suggested_grade} />
                <AuthorityTag authority={e.authority} />
              </Space>
            ),
          },
          {
            key: 'count',
            label: t('event.field.mentions'),
            children: (
              <span className="metric" data-testid="event-mention-count">
                {formatCount(e.mention_count, lang)}
              </span>
            ),
          },
          {
            key: 'first',
            label: t('event.field.firstSeen'),
            children: formatTime(e.first_seen, lang),
          },
          {
            key: 'last',
            label: t('event.field.lastSeen'),
            children: formatTime(e.last_seen, lang),
          },
          {
            key: 'interactions',
            label: t('event.field.interactions'),
            children: <span className="metric">{formatCount(e.interactions, lang)}</span>,
          },
          {
            key: 'keywords',
            label: t('event.field.keywords'),
            span: 'filled',
            children: e.keywords.length ? (
              <Space size={[4, 4]} wrap data-testid="event-keywords">
                {e.keywords.map((k) => (
                  <Tag key={k}>{k}</Tag>
                ))}
              </Space>
            ) : (
              t('common.none')
            ),
          },
          {
            key: 'prefectures',
            label: t('event.field.prefectures'),
            span: 'filled',
            children: e.prefectures.length
              ? e.prefectures.map((a) => regionLabel(a, lang)).join('、')
              : t('common.none'),
          },
        ]}
      />
    </Card>
  );
}

function Regions({ e }: { e: EventDetail }) {
  const { t, lang } = useI18n();
  if (!e.regions.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Table
      rowKey="adcode"
      size="small"
      pagination={false}
      dataSource={e.regions}
      data-testid="event-regions"
      columns={[
        {
          title: t('event.regions.region'),
          key: 'region',
          render: (_v, r) => (
            <Link
              to={`/mentions?region=${encodeURIComponent(r.adcode)}`}
              title={t('event.regions.link')}
            >
              {regionLabel(r.adcode, lang)}
            </Link>
          ),
        },
        {
          title: t('event.regions.count'),
          key: 'count',
          width: 80,
          align: 'right',
          render: (_v, r) => <span className="metric">{formatCount(r.count, lang)}</span>,
        },
      ]}
    />
  );
}

function Authors({ e }: { e: EventDetail }) {
  const { t, lang } = useI18n();
  if (!e.top_authors.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />;
  return (
    <Table
      rowKey="author"
      size="small"
      pagination={false}
      dataSource={e.top_authors}
      data-testid="event-authors"
      columns={[
        {
          title: t('mentions.author'),
          key: 'author',
          render: (_v, a) => <span className="mention-author">{a.author}</span>,
        },
        {
          title: t('event.authors.posts'),
          key: 'posts',
          width: 64,
          align: 'right',
          render: (_v, a) => <span className="metric">{formatCount(a.posts, lang)}</span>,
        },
        {
          title: t('event.authors.interactions'),
          key: 'interactions',
          width: 80,
          align: 'right',
          render: (_v, a) => <span className="metric">{formatCount(a.interactions, lang)}</span>,
        },
      ]}
    />
  );
}

function Groups({ e }: { e: EventDetail }) {
  const { t, lang } = useI18n();
  if (!e.groups.length) {
    return (
      <Typography.Paragraph type="secondary" data-testid="event-groups-none">
        {t('event.groups.none')}
      </Typography.Paragraph>
    );
  }
  return (
    <ul className="event-groups" data-testid="event-groups">
      {e.groups.map((g) => (
        <li key={g.id}>
          <Link to={`/mentions?mention=${encodeURIComponent(g.id)}`}>
            {g.title || t('common.none')}
          </Link>{' '}
          <Tag color="purple">{t('mentions.similar', { n: formatCount(g.count, lang) })}</Tag>
        </li>
      ))}
    </ul>
  );
}

function RiskCategories({ e, riskNames }: { e: EventDetail; riskNames: RiskNames }) {
  const { t, lang } = useI18n();
  const entries = Object.entries(e.risk_categories).sort((a, b) => b[1] - a[1]);
  if (!entries.length) return null;
  return (
    <div style={{ marginTop: 12 }}>
      <Typography.Text type="secondary">{t('event.risk.title')} </Typography.Text>
      <Space size={[4, 4]} wrap>
        {entries.map(([id, n]) => (
          <Tag key={id} color="volcano" data-testid="event-risk-tag">
            {riskName(riskNames, id, lang)} × {n}
          </Tag>
        ))}
      </Space>
    </div>
  );
}
