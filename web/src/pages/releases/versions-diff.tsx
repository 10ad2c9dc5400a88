// 口径版本: every talking-points document of an incident with all its versions (status, when
// submitted, which one was published, the content hash), and a line diff of two versions'
// words as a statement would carry them (heading, body, clarification, Q&A).
import { Card, Empty, Select, Space, Tag, Typography } from 'antd';
import { useMemo, useState } from 'react';
import type { Approval, IncidentView } from '../../api/incidents.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formatTime } from '../../lib/format.ts';
import { ApprovalStatusTag } from '../incidents/incident-tags.tsx';
import { nameOf } from '../incidents/people.ts';
import { contentText, pointsContent, pointsDocuments } from './content.ts';
import { diffStats, lineDiff } from './line-diff.ts';
import { KindTag } from './release-tags.tsx';

export function PointsVersions({ view }: { view: IncidentView }) {
  const { t } = useI18n();
  const docs = pointsDocuments(view.approvals);
  if (!docs.length) {
    return (
      <Empty
        image={Empty.PRESENTED_IMAGE_SIMPLE}
        description={t('release.versions.none')}
        data-testid="points-empty"
      />
    );
  }
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="points-versions">
      {docs.map((versions) => (
        <PointsDocument
          key={`${versions[0]!.documentId}-${versions[0]!.id}`}
          versions={versions}
          view={view}
        />
      ))}
    </Space>
  );
}

function PointsDocument({ versions, view }: { versions: Approval[]; view: IncidentView }) {
  const { t, lang } = useI18n();
  const latest = versions[0]!;
  const published = new Map(view.incident.releases.map((r) => [r.approvalId, r] as const));
  const [toId, setToId] = useState(latest.id);
  const [fromId, setFromId] = useState((versions[1] ?? latest).id);
  const from = versions.find((a) => a.id === fromId) ?? latest;
  const to = versions.find((a) => a.id === toId) ?? latest;
  const options = versions.map((a) => ({
    value: a.id,
    label: `${t('approval.version', { n: a.version })}（${t(`approval.status.${a.status}`)}）`,
  }));
  return (
    <Card
      size="small"
      data-testid="points-document"
      data-document-id={latest.documentId}
      title={
        <Space wrap>
          <span>{t('approval.doc.talking_points')}</span>
          <Typography.Text type="secondary">{latest.title}</Typography.Text>
        </Space>
      }
      extra={<ApprovalStatusTag status={latest.status} />}
    >
      <ul className="points-version-list" style={{ paddingLeft: 18, margin: 0 }}>
        {versions.map((a) => {
          const r = published.get(a.id);
          return (
            <li
              key={a.id}
              data-testid="points-version"
              data-version={a.version}
              data-status={a.status}
            >
              <Space wrap size={4}>
                <Typography.Text strong>{t('approval.version', { n: a.version })}</Typography.Text>
                <KindTag kind={pointsContent(a).kind} />
                <ApprovalStatusTag status={a.status} />
                {r ? (
                  <a href={`#release-${r.id}`} data-testid="points-version-published">
                    <Tag color="green">{t('release.versions.published')}</Tag>
                  </a>
                ) : null}
                <Typography.Text type="secondary">
                  {t('approval.submittedBy', {
                    name: nameOf(view, a.submittedBy),
                    at: formatTime(a.submittedAt, lang),
                  })}
                </Typography.Text>
                <Typography.Text code className="statement-hash" title={a.contentHash}>
                  {a.contentHash.slice(0, 12)}…
                </Typography.Text>
              </Space>
            </li>
          );
        })}
      </ul>
      <div style={{ marginTop: 12 }}>
        {versions.length < 2 ? (
          <Typography.Text type="secondary" data-testid="diff-single">
            {t('release.versions.single')}
          </Typography.Text>
        ) : (
          <>
            <Space wrap style={{ marginBottom: 8 }}>
              <Typography.Text>{t('release.versions.compare')}</Typography.Text>
              <Select
                value={fromId}
                onChange={setFromId}
                options={options}
                style={{ minWidth: 160 }}
                data-testid="diff-from"
              />
              <span>→</span>
              <Select
                value={toId}
                onChange={setToId}
                options={options}
                style={{ minWidth: 160 }}
                data-testid="diff-to"
              />
            </Space>
            <LineDiffView
              before={contentText(pointsContent(from))}
              after={contentText(pointsContent(to))}
            />
          </>
        )}
      </div>
    </Card>
  );
}

export function LineDiffView({ before, after }: { before: string; after: string }) {
  const { t } = useI18n();
  const lines = useMemo(() => lineDiff(before, after), [before, after]);
  const stats = diffStats(lines);
  return (
    <div>
      <Typography.Text
        type="secondary"
        data-testid="diff-stats"
        data-added={stats.added}
        data-removed={stats.removed}
      >
        {stats.added || stats.removed
          ? t('release.versions.stats', { added: stats.added, removed: stats.removed })
          : t('release.versions.same')}
      </Typography.Text>
      <div className="line-diff" data-testid="line-diff">
        {lines.map((l, i) => (
          <div
            key={i}
            className={`line-diff-row line-diff-${l.op}`}
            data-testid="diff-line"
            data-op={l.op}
          >
            <span className="line-diff-num">{l.oldLine ?? ''}</span>
            <span className="line-diff-num">{l.newLine ?? ''}</span>
            <span className="line-diff-mark">
              {l.op === 'added' ? '+' : l.op === 'removed' ? '−' : ' '}
            </span>
            <span>{l.text || '\u00a0'}</span>
          </div>
        ))}
      </div>
    </div>
  );
}
