// The kind of a case (正面典型 / 反面典型 / 一般) as a coloured tag.
import { Tag } from 'antd';
import type { CaseKind } from '../../api/cases.ts';
import { useI18n } from '../../i18n/i18n.tsx';

const KIND_COLOR: Record<CaseKind, string | undefined> = {
  positive: 'green',
  negative: 'volcano',
  general: undefined,
};

export function KindTag({ kind }: { kind: CaseKind }) {
  const { t } = useI18n();
  return (
    <Tag color={KIND_COLOR[kind]} data-testid="case-kind" data-kind={kind}>
      {t(`cases.kind.${kind}`)}
    </Tag>
  );
}
