// 报送 (/reports), phone first ([P4] [P16]): informants, and any member of staff, report what
// they saw online under their own name and unit; after sending, whether a monitored source had
// found it first. Below, 我的报送; for admin, leaders and the office also 全部报送, every
// report in their scope, newest first; the informant network's assessment ([P4] [P16]): 审核
// (the office reviews each report), 排名 (the ranking and its notice, for readers of all
// reports) and 保障记录 (support records: the office enters them, everyone sees their own).
import { CheckCircleFilled, InfoCircleOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Result, Tabs, Typography } from 'antd';
import type { TabsProps } from 'antd';
import { useState } from 'react';
import { useSearchParams } from 'react-router';
import type { Report } from '../api/types.ts';
import { useMe } from '../auth/auth-context.tsx';
import { may } from '../auth/permissions.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { formatTime, unitName } from '../lib/format.ts';
import { ReportForm } from './reports/report-form.tsx';
import { RankingTab } from './reports/ranking-tab.tsx';
import { ReportList } from './reports/report-list.tsx';
import { ReviewTab } from './reports/review-tab.tsx';
import { SupportTab } from './reports/support-tab.tsx';

type TabKey = 'mine' | 'all' | 'review' | 'ranking' | 'support';

export function ReportsPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const [params, setParams] = useSearchParams();
  const [sent, setSent] = useState<Report | null>(null);
  // Bumped by each report sent, so the lists show it.
  const [version, setVersion] = useState(0);

  const canReport = me.kind === 'user' && may(me, 'report.create');
  const showAll = may(me, 'report.read');
  const canReview = may(me, 'informant.write');

  const mine = <ReportList mine version={version} />;
  const items: TabsProps['items'] = [
    ...(canReport ? [{ key: 'mine', label: t('reports.tab.mine'), children: mine }] : []),
    ...(showAll
      ? [
          {
            key: 'all',
            label: t('reports.tab.all'),
            children: (
              <>
                <Typography.Paragraph type="secondary">
                  {t('reports.scopeAll')}
                </Typography.Paragraph>
                <ReportList mine={false} version={version} />
              </>
            ),
          },
        ]
      : []),
    ...(canReview
      ? [{ key: 'review', label: t('informants.tab.review'), children: <ReviewTab /> }]
      : []),
    ...(showAll
      ? [
          {
            key: 'ranking',
            label: t('informants.tab.ranking'),
            children: <RankingTab me={me} canEdit={canReview && me.scope.kind === 'province'} />,
          },
        ]
      : []),
    ...(me.kind === 'user'
      ? [{ key: 'support', label: t('informants.tab.support'), children: <SupportTab /> }]
      : []),
  ];
  const requested = params.get('tab') as TabKey | null;
  const active =
    requested && items.some((i) => i.key === requested) ? requested : (items[0]?.key ?? 'mine');

  return (
    <div className="reports-page" data-testid="reports-page">
      <Card
        title={
          <span>
            <SendOutlined /> {t('reports.new')}
          </span>
        }
        className="reports-card"
      >
        {canReport ? (
          <>
            <div className="report-as-unit" data-testid="report-as-unit">
              <InfoCircleOutlined /> {t('reports.asUnit', { unit: unitName(me.unit, lang) })}
            </div>
            {sent ? (
              <SentResult report={sent} onAnother={() => setSent(null)} />
            ) : (
              <>
                <Typography.Paragraph type="secondary">{t('reports.intro')}</Typography.Paragraph>
                <ReportForm
                  onSent={(r) => {
                    setSent(r);
                    setVersion((v) => v + 1);
                    window.scrollTo({ top: 0 });
                  }}
                />
              </>
            )}
          </>
        ) : (
          <Alert type="info" showIcon title={t('reports.notUser')} />
        )}
      </Card>
      {items.length > 0 ? (
        <Card className="reports-card" style={{ marginTop: 16 }}>
          <Tabs
            activeKey={active}
            items={items}
            onChange={(key) =>
              setParams(key === (items[0]?.key ?? 'mine') ? {} : { tab: key }, { replace: true })
            }
          />
        </Card>
      ) : null}
    </div>
  );
}

function SentResult({ report, onAnother }: { report: Report; onAnother: () => void }) {
  const { t, lang } = useI18n();
  const machine = report.machine_found_first
    ? t('reports.machineFirst', { time: formatTime(report.machine_found_at, lang) })
    : report.link
      ? t('reports.humanFirst')
      : null;
  return (
    <Result
      className="report-result"
      icon={<CheckCircleFilled />}
      status="success"
      title={t('reports.submitted')}
      subTitle={
        <>
          <p>{t('reports.submittedDesc')}</p>
          {machine ? (
            <p
              data-testid="report-machine"
              data-machine-first={report.machine_found_first ? 'yes' : 'no'}
            >
              {machine}
            </p>
          ) : null}
        </>
      }
      extra={
        <Button type="primary" onClick={onAnother} data-testid="report-another">
          {t('reports.another')}
        </Button>
      }
      data-testid="report-result"
    />
  );
}
