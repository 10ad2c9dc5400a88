// Pages of the product that are not built yet: an honest notice that the page arrives in a
// later release, what it will do, and no made-up data.
import { ClockCircleOutlined } from '@ant-design/icons';
import { Button, Result } from 'antd';
import { useNavigate } from 'react-router';
import { useI18n, type MessageKey } from '../i18n/i18n.tsx';
import { NAV, type PageId } from '../layout/nav.tsx';

const DESCRIPTIONS: Partial<Record<PageId, MessageKey>> = {
  dashboard: 'placeholder.desc.dashboard',
  schemes: 'placeholder.desc.schemes',
  alerts: 'placeholder.desc.alerts',
  incidents: 'placeholder.desc.incidents',
  releases: 'placeholder.desc.releases',
  cases: 'placeholder.desc.cases',
  briefings: 'placeholder.desc.briefings',
};

export function PlaceholderPage({ page }: { page: PageId }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const nav = NAV.find((n) => n.id === page);
  const desc = DESCRIPTIONS[page];
  return (
    <Result
      icon={<ClockCircleOutlined />}
      status="info"
      title={t('placeholder.title', { page: nav ? t(nav.label) : page })}
      subTitle={
        <>
          {desc ? <p>{t(desc)}</p> : null}
          <p>{t('placeholder.body')}</p>
        </>
      }
      extra={
        <Button type="primary" onClick={() => void navigate('/org')}>
          {t('placeholder.goOrg')}
        </Button>
      }
      data-testid={`placeholder-${page}`}
    />
  );
}

export function NotFoundPage() {
  const { t } = useI18n();
  const navigate = useNavigate();
  return (
    <Result
      status="404"
      title={t('notFound.title')}
      extra={
        <Button type="primary" onClick={() => void navigate('/')}>
          {t('notFound.back')}
        </Button>
      }
    />
  );
}
