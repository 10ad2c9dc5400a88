// 信息发布 on the incident page: the incident's statements, newest first, each with its kind
// and status (已发布 / 已更正 / 已撤回, and which statement corrects which), its channels, who
// published it and when, its approved words, and links to its public page (/releases/{id}) and
// to the 信息发布 page for this incident (/publishing?incident=ID: channels, proofs, share kit,
// effect, versions). The office publishes and withdraws here when the server offers the steps.
import { ExportOutlined, NotificationOutlined, RollbackOutlined } from '@ant-design/icons';
import { Button, Card, Collapse, Empty, Space, Typography } from 'antd';
import { Link } from 'react-router';
import type { IncidentView, Release } from '../../api/incidents.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';
import { nameOf } from '../incidents/people.ts';
import { ChannelTags, KindTag, ReleaseStatusTag } from './release-tags.tsx';
import { publicPagePath } from './releases-api.ts';
import { StatementContent } from './statement-content.tsx';
import './releases.css';

export const publishingPath = (incidentId: string) =>
  `/publishing?incident=${encodeURIComponent(incidentId)}`;

export function IncidentStatements({
  view,
  canPublish,
  canWithdraw,
  onPublish,
  onWithdraw,
}: {
  view: IncidentView;
  /** The server offers publishing and there is something to publish. */
  canPublish: boolean;
  canWithdraw: boolean;
  onPublish: () => void;
  onWithdraw: (releaseId: string) => void;
}) {
  const { t } = useI18n();
  const inc = view.incident;
  const releases = [...inc.releases].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <div data-testid="incident-statements" data-count={releases.length}>
      <Space wrap style={{ marginBottom: 12 }}>
        {canPublish ? (
          <Button
            type="primary"
            icon={<NotificationOutlined />}
            onClick={onPublish}
            data-testid="statements-publish"
          >
            {t('incident.action.publish_release')}
          </Button>
        ) : null}
        <Link to={publishingPath(inc.id)} data-testid="statements-publishing-link">
          {t('release.incident.toPublishing')}
        </Link>
      </Space>
      {releases.length ? (
        <Space orientation="vertical" size={12} style={{ width: '100%' }}>
          {releases.map((r) => (
            <StatementCard
              key={r.id}
              r={r}
              view={view}
              canWithdraw={canWithdraw && r.status !== 'withdrawn'}
              onWithdraw={() => onWithdraw(r.id)}
            />
          ))}
        </Space>
      ) : (
        <Empty
          image={Empty.PRESENTED_IMAGE_SIMPLE}
          description={t('release.incident.none')}
          data-testid="statements-empty"
        />
      )}
    </div>
  );
}

function StatementCard({
  r,
  view,
  canWithdraw,
  onWithdraw,
}: {
  r: Release;
  view: IncidentView;
  canWithdraw: boolean;
  onWithdraw: () => void;
}) {
  const { t, lang } = useI18n();
  const titleOf = (id: string | null) =>
    view.incident.releases.find((x) => x.id === id)?.content.title ?? id ?? '';
  return (
    <Card
      size="small"
      data-testid="incident-statement"
      data-release-id={r.id}
      data-status={r.status}
      title={
        <Space wrap>
          <KindTag kind={r.content.kind} />
          <span>{r.content.title}</span>
          <ReleaseStatusTag status={r.status} />
        </Space>
      }
      extra={
        <Space wrap>
          <a
            href={publicPagePath(r.id)}
            target="_blank"
            rel="noreferrer noopener"
            data-testid="statement-public-link"
          >
            <ExportOutlined /> {t('release.publicPage')}
          </a>
          <Link
            to={`${publishingPath(view.incident.id)}#release-${r.id}`}
            data-testid="statement-publishing-link"
          >
            {t('release.incident.details')}
          </Link>
          {canWithdraw ? (
            <Button
              size="small"
              danger
              icon={<RollbackOutlined />}
              onClick={onWithdraw}
              data-testid="statement-withdraw"
            >
              {t('incident.action.withdraw_release')}
            </Button>
          ) : null}
        </Space>
      }
    >
      <Space orientation="vertical" size={4} style={{ width: '100%' }}>
        <Space wrap>
          <ChannelTags channels={r.channels} />
          <Typography.Text type="secondary">
            {t('release.publishedBy', { name: nameOf(view, r.by), at: formatTime(r.at, lang) })}
          </Typography.Text>
          <Typography.Text type="secondary">
            {t('release.fromVersion', { n: r.version })}
          </Typography.Text>
        </Space>
        {r.corrects ? (
          <Typography.Text className="statement-history" data-testid="statement-corrects">
            {t('release.history.corrects', { title: titleOf(r.corrects) })}
          </Typography.Text>
        ) : null}
        {r.correctedBy ? (
          <Typography.Text
            type="warning"
            className="statement-history"
            data-testid="statement-corrected-by"
          >
            {t('release.history.correctedBy', { title: titleOf(r.correctedBy) })}
          </Typography.Text>
        ) : null}
        {r.withdrawal ? (
          <Typography.Text
            type="danger"
            className="statement-history"
            data-testid="statement-withdrawal"
          >
            {t('release.history.withdrawn', {
              name: nameOf(view, r.withdrawal.by),
              at: formatTime(r.withdrawal.at, lang),
              reason: r.withdrawal.reason,
            })}
          </Typography.Text>
        ) : null}
        <Collapse
          size="small"
          ghost
          items={[
            {
              key: 'content',
              label: t('release.showContent'),
              children: <StatementContent content={r.content} />,
            },
          ]}
        />
      </Space>
    </Card>
  );
}
