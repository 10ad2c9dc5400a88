// Outside contacts (外部联系人): propaganda, public security, media, superior and statistics
// bodies the office deals with. Only roles that may read them see this tab.
import { Alert, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import { useCallback } from 'react';
import { api } from '../../api/client.ts';
import type { Contact } from '../../api/types.ts';
import { LoadError } from '../../components/load-state.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';

const KIND_COLOURS: Record<Contact['kind'], string> = {
  superior: 'red',
  propaganda: 'orange',
  public_security: 'purple',
  media: 'blue',
  statistics: 'cyan',
  other: 'default',
};

export function ContactsTab() {
  const { t } = useI18n();
  const load = useCallback((signal: AbortSignal) => api.contacts(signal), []);
  const contacts = useApi(load);
  const none = t('common.none');
  const text = (v: string | null) => v ?? none;

  const columns: TableColumnsType<Contact> = [
    {
      title: t('org.contacts.kind'),
      dataIndex: 'kind',
      key: 'kind',
      width: 140,
      render: (k: Contact['kind']) => <Tag color={KIND_COLOURS[k]}>{t(`contactKind.${k}`)}</Tag>,
    },
    { title: t('org.contacts.organisation'), dataIndex: 'organisation', key: 'organisation' },
    { title: t('org.contacts.title'), dataIndex: 'title', key: 'title', render: text },
    { title: t('org.contacts.name'), dataIndex: 'name', key: 'name', render: text },
    { title: t('org.contacts.phone'), dataIndex: 'phone', key: 'phone', render: text },
    { title: t('org.contacts.email'), dataIndex: 'email', key: 'email', render: text },
    { title: t('org.contacts.note'), dataIndex: 'note', key: 'note', render: text },
  ];

  return (
    <div data-testid="contacts-tab">
      <Alert type="info" showIcon title={t('org.contacts.desc')} style={{ marginBottom: 16 }} />
      {contacts.error ? <LoadError error={contacts.error} onRetry={contacts.reload} /> : null}
      <Table<Contact>
        rowKey="id"
        size="small"
        columns={columns}
        dataSource={contacts.data?.items ?? []}
        loading={contacts.loading}
        pagination={false}
      />
    </div>
  );
}
