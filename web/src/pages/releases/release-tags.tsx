// The small marks of official information release: a statement's status (已发布 / 已更正 /
// 已撤回) and kind (声明 / 答问 / 辟谣), a channel, and a publication's state on its channel.
import { Tag } from 'antd';
import type { PublicationItem } from './releases-api.ts';
import type { ReleaseChannel, ReleaseStatus, TalkingPointKind } from './releases-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { channelLabel, kindLabel } from './release-fields.tsx';

const STATUS_COLORS: Record<ReleaseStatus, string> = {
  published: 'green',
  corrected: 'orange',
  withdrawn: 'default',
};

export function ReleaseStatusTag({ status }: { status: ReleaseStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLORS[status]} data-testid="release-status" data-status={status}>
      {t(`release.status.${status}`)}
    </Tag>
  );
}

const KIND_COLORS: Record<TalkingPointKind, string> = {
  statement: 'blue',
  qa: 'cyan',
  clarification: 'volcano',
};

export function KindTag({ kind }: { kind: TalkingPointKind }) {
  const { t } = useI18n();
  return (
    <Tag color={KIND_COLORS[kind]} data-testid="release-kind" data-kind={kind}>
      {kindLabel(t, kind)}
    </Tag>
  );
}

export function ChannelTags({ channels }: { channels: readonly ReleaseChannel[] }) {
  const { t } = useI18n();
  return (
    <span data-testid="release-channels" data-channels={channels.join(',')}>
      {channels.map((c) => (
        <Tag key={c}>{channelLabel(t, c)}</Tag>
      ))}
    </span>
  );
}

const PUBLICATION_COLORS: Record<PublicationItem['status'], string> = {
  pending: 'processing',
  published: 'success',
  failed: 'error',
  awaiting_proof: 'warning',
};

export function PublicationStatusTag({ status }: { status: PublicationItem['status'] }) {
  const { t } = useI18n();
  return (
    <Tag color={PUBLICATION_COLORS[status]} data-testid="publication-status" data-status={status}>
      {t(`release.publication.${status}`)}
    </Tag>
  );
}
