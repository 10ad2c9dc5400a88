// 分析 in 设置: the risk lexicon and the user dictionary the pipeline uses, re-analysis of the
// stored history, and a box to try the analysis on any text. Admin and the office change the
// settings (analysis.manage); everyone else reads them.
import { Space } from 'antd';
import { useCallback } from 'react';
import { api } from '../../api/client.ts';
import { useMe } from '../../auth/auth-context.tsx';
import { may } from '../../auth/permissions.ts';
import { LoadError, Loading } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { ReanalysisCard } from './reanalysis-card.tsx';
import { RiskLexiconCard } from './risk-lexicon-card.tsx';
import { TryAnalysisCard } from './try-analysis-card.tsx';
import { UserWordsCard } from './user-words-card.tsx';

export function AnalysisSection() {
  const me = useMe();
  const canManage = may(me, 'analysis.manage');
  const load = useCallback((signal: AbortSignal) => api.analysisSettings(signal), []);
  const settings = useApi(load);

  return (
    <Space
      orientation="vertical"
      size="large"
      style={{ width: '100%' }}
      data-testid="analysis-settings"
    >
      {settings.error ? <LoadError error={settings.error} onRetry={settings.reload} /> : null}
      {!settings.data && settings.loading ? <Loading /> : null}
      {settings.data ? (
        <>
          <RiskLexiconCard
            settings={settings.data}
            canManage={canManage}
            onSaved={settings.reload}
          />
          <UserWordsCard settings={settings.data} canManage={canManage} onSaved={settings.reload} />
          <ReanalysisCard pipelineVersion={settings.data.pipeline_version} canManage={canManage} />
        </>
      ) : null}
      <TryAnalysisCard riskLexicon={settings.data?.risk_lexicon ?? null} />
    </Space>
  );
}
