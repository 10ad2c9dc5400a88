// 事件 in 设置: how hot an event is (heat weights and where each factor counts in full), when the
// machine suggests 重大 (grading rules), and whose coverage weighs more (the source-authority
// list). Admin and the office change them (event.write) and the open events are scored again;
// everyone else reads them.
import { Space } from 'antd';
import { useCallback } from 'react';
import { api } from '../../api/client.ts';
import { eventSettingsApi } from '../../api/event-settings.ts';
import { useMe } from '../../auth/auth-context.tsx';
import { may } from '../../auth/permissions.ts';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { AuthorityCard } from './authority-card.tsx';
import { GradingCard } from './grading-card.tsx';
import { HeatCard } from './heat-card.tsx';

export function EventSection() {
  const me = useMe();
  const canWrite = may(me, 'event.write');
  const load = useCallback((signal: AbortSignal) => eventSettingsApi.get(signal), []);
  const settings = useApi(load);
  // The risk lexicon's categories, to choose the major ones by name.
  const loadAnalysis = useCallback((signal: AbortSignal) => api.analysisSettings(signal), []);
  const analysis = useApi(loadAnalysis);
  const categories = analysis.data?.risk_lexicon.categories ?? [];

  return (
    <Space
      orientation="vertical"
      size="large"
      style={{ width: '100%' }}
      data-testid="event-settings"
    >
      {settings.error ? <LoadError error={settings.error} onRetry={settings.reload} /> : null}
      {!settings.data && settings.loading ? <Loading /> : null}
      {settings.data ? (
        <>
          <HeatCard settings={settings.data} canWrite={canWrite} onSaved={settings.reload} />
          <GradingCard
            settings={settings.data}
            riskCategories={categories}
            canWrite={canWrite}
            onSaved={settings.reload}
          />
          <AuthorityCard settings={settings.data} canWrite={canWrite} onSaved={settings.reload} />
        </>
      ) : null}
    </Space>
  );
}
