// 信息流 (/mentions): the mentions in the user's scope, newest first, with search, paging and
// a drawer with the full text; 监测源, the sources they come from with each one's health; for
// admin and the office also 待处理输入, the quarantine of input that failed validation, where
// it is processed again as stored or corrected.
import { Alert, Card, Tabs } from 'antd';
import type { TabsProps } from 'antd';
import { useCallback, useState } from 'react';
import { useSearchParams } from 'react-router';
import { useMe } from '../auth/auth-context.tsx';
import { may } from '../auth/permissions.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { unitName } from '../lib/format.ts';
import { FeedTab } from './mentions/feed-tab.tsx';
import { QuarantineTab } from './mentions/quarantine-tab.tsx';
import { SourcesTab } from './mentions/sources-tab.tsx';

type TabKey = 'feed' | 'sources' | 'quarantine';

export function MentionsPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  // Bumped when a quarantined item lands, so the feed shows it without a manual reload.
  const [landed, setLanded] = useState(0);
  const onLanded = useCallback(() => setLanded((n) => n + 1), []);

  const showSources = may(me, 'source.read');
  const showQuarantine = may(me, 'quarantine.manage');
  const feed = <FeedTab landed={landed} />;
  const items: TabsProps['items'] = [
    { key: 'feed', label: t('mentions.tab.feed'), children: feed },
    ...(showSources
      ? [{ key: 'sources', label: t('mentions.tab.sources'), children: <SourcesTab /> }]
      : []),
    ...(showQuarantine
      ? [
          {
            key: 'quarantine',
            label: t('mentions.tab.quarantine'),
            children: <QuarantineTab onLanded={onLanded} />,
          },
        ]
      : []),
  ];

  const requested = params.get('tab') as TabKey | null;
  const active =
    requested && items.some((i) => i.key === requested) ? requested : ('feed' as TabKey);

  return (
    <Card data-testid="mentions-page" aria-label={t('mentions.title')}>
      {me.scope.kind === 'unit' ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('mentions.scopeNote', { unit: unitName(me.unit, lang) })}
        />
      ) : null}
      {items.length > 1 ? (
        <Tabs
          activeKey={active}
          items={items}
          onChange={(key) => setParams(key === 'feed' ? {} : { tab: key }, { replace: true })}
        />
      ) : (
        feed
      )}
    </Card>
  );
}
