// 组织与值班 (/org): units with their informants, people, the leadership group and office,
// outside contacts and accounts, each tab shown to the roles that may read it.
import { Alert, Card, Tabs } from 'antd';
import type { TabsProps } from 'antd';
import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';
import { api } from '../api/client.ts';
import type { OrgStructure, Unit } from '../api/types.ts';
import { useMe } from '../auth/auth-context.tsx';
import { may } from '../auth/permissions.ts';
import { LoadError, Loading } from '../components/load-state.tsx';
import { useApi } from '../hooks/use-api.ts';
import { useI18n } from '../i18n/i18n.tsx';
import { unitName } from '../lib/format.ts';
import { ContactsTab } from './org/contacts-tab.tsx';
import { DutyTab } from './org/duty-tab.tsx';
import { LeadershipTab } from './org/leadership-tab.tsx';
import { PeopleTab } from './org/people-tab.tsx';
import { UnitsTab } from './org/units-tab.tsx';
import { UsersTab } from './org/users-tab.tsx';
import { PerformanceTab } from './performance/performance-tab.tsx';

export interface OrgData {
  units: Unit[];
  unitsById: Map<string, Unit>;
  structure: OrgStructure;
  reload: () => void;
}

type TabKey = 'units' | 'people' | 'leadership' | 'contacts' | 'users' | 'duty' | 'performance';

export function OrgPage() {
  const { t, lang } = useI18n();
  const me = useMe();
  const [params, setParams] = useSearchParams();

  const load = useCallback(async (signal: AbortSignal) => {
    const [units, structure] = await Promise.all([api.units(signal), api.structure(signal)]);
    return { units: units.items, structure };
  }, []);
  const { data, error, loading, reload } = useApi(load);

  const org = useMemo<OrgData | null>(
    () =>
      data
        ? {
            units: data.units,
            unitsById: new Map(data.units.map((u) => [u.id, u])),
            structure: data.structure,
            reload,
          }
        : null,
    [data, reload],
  );

  const showContacts = may(me, 'contact.read');
  const showUsers = may(me, 'user.manage');

  const items: TabsProps['items'] = org
    ? [
        { key: 'units', label: t('org.tab.units'), children: <UnitsTab org={org} /> },
        { key: 'people', label: t('org.tab.people'), children: <PeopleTab org={org} /> },
        {
          key: 'leadership',
          label: t('org.tab.leadership'),
          children: <LeadershipTab org={org} />,
        },
        ...(showContacts
          ? [{ key: 'contacts', label: t('org.tab.contacts'), children: <ContactsTab /> }]
          : []),
        ...(showUsers
          ? [{ key: 'users', label: t('org.tab.users'), children: <UsersTab org={org} /> }]
          : []),
        { key: 'duty', label: t('org.tab.duty'), children: <DutyTab /> },
        {
          key: 'performance',
          label: t('org.tab.performance'),
          children: <PerformanceTab org={org} />,
        },
      ]
    : [];

  const requested = params.get('tab') as TabKey | null;
  const active =
    requested && items.some((i) => i.key === requested) ? requested : ('units' as TabKey);

  return (
    <Card data-testid="org-page" aria-label={t('org.title')}>
      {me.scope.kind === 'unit' ? (
        <Alert
          type="info"
          showIcon
          style={{ marginBottom: 16 }}
          title={t('org.units.scopeNote', { unit: unitName(me.unit, lang) })}
        />
      ) : null}
      {error ? <LoadError error={error} onRetry={reload} /> : null}
      {!org && loading ? <Loading /> : null}
      {org ? (
        <Tabs
          activeKey={active}
          items={items}
          onChange={(key) => setParams(key === 'units' ? {} : { tab: key }, { replace: true })}
        />
      ) : null}
    </Card>
  );
}
