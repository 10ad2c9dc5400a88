// What a release plan or talking points carry besides their title and body, shown wherever a
// version is read or signed: a plan's channels, aim, audience, timing and spokesperson; talking
// points' kind, a clarification's claim, facts and source, and the Q&A pairs. Nothing for the
// other documents.
import { Descriptions, Space } from 'antd';
import type { Approval } from '../../api/incidents.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { planChannels, planParts, pointsContent } from './content.ts';
import { ChannelTags, KindTag } from './release-tags.tsx';
import { StatementContent } from './statement-content.tsx';

export function DocumentParts({
  a,
}: {
  a: Pick<Approval, 'docType' | 'title' | 'body' | 'payload'>;
}) {
  const { t } = useI18n();
  if (a.docType === 'release_plan') {
    const parts = planParts(a);
    const rows = (
      [
        ['aim', t('release.form.aim'), parts.aim],
        ['audience', t('release.form.audience'), parts.audience],
        ['timing', t('release.form.timing'), parts.timing],
        ['spokesperson', t('release.form.spokesperson'), parts.spokesperson],
      ] as const
    ).filter((r) => r[2] !== null);
    return (
      <Descriptions
        size="small"
        column={1}
        style={{ marginTop: 8 }}
        data-testid="document-parts"
        items={[
          {
            key: 'channels',
            label: t('incident.field.channels'),
            children: <ChannelTags channels={planChannels(a)} />,
          },
          ...rows.map(([key, label, value]) => ({
            key,
            label,
            children: <span className="statement-pre">{value}</span>,
          })),
        ]}
      />
    );
  }
  if (a.docType === 'talking_points') {
    const content = pointsContent(a);
    return (
      <Space
        orientation="vertical"
        size={4}
        style={{ width: '100%', marginTop: 8 }}
        data-testid="document-parts"
      >
        <KindTag kind={content.kind} />
        <StatementContent content={content} withTitle={false} withBody={false} />
      </Space>
    );
  }
  return null;
}
