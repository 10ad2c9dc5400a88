// 信源权威名单 in 设置 › 事件: the outlets and official accounts whose coverage weighs more
// (tier, name, and how they are recognised: web domains, account names as published, source
// keys). An editable table with a search; checked in the browser with the server's own schema,
// and the server's problems shown at the cell they name. Others read it.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useRef, useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import {
  AUTHORITY_TIERS,
  AUTHORITY_TIER_LABELS,
  authorityListSchema,
  type AuthorityEntry,
  type AuthorityList,
  type AuthorityTier,
} from '../../../../src/domain/source-authority.ts';
import {
  clearChangedErrors,
  type CardProps,
  PartActions,
  PartCard,
  PartError,
  usePartEditor,
  zodMessage,
  type Problem,
  type PartProps,
} from './event-settings-shared.tsx';

/** Separators that end a tag while typing (comma, Chinese comma, enumeration comma, space). */
const TAG_SEPARATORS = [',', '，', '、', ' ', '\n'];
const LISTS = ['domains', 'accounts', 'sources'] as const;
const FIELDS = ['tier', 'name', ...LISTS] as const;
type Field = (typeof FIELDS)[number];
const isField = (f: unknown): f is Field => FIELDS.some((x) => x === f);

interface EntryForm {
  tier: AuthorityTier;
  name: string;
  domains: string[];
  accounts: string[];
  sources: string[];
}

interface AuthorityForm {
  entries: EntryForm[];
}

const clean = (words: readonly string[] | undefined) => [
  ...new Set((words ?? []).map((w) => w.trim()).filter((w) => w !== '')),
];

function toWire(v: AuthorityForm) {
  return (v.entries ?? []).map((e) => ({
    tier: e.tier,
    name: (e.name ?? '').trim(),
    domains: clean(e.domains).map((d) => d.toLowerCase()),
    accounts: clean(e.accounts),
    sources: clean(e.sources),
  }));
}

/** Whether an entry matches the search (name, domains, accounts or sources, any case). */
function matches(e: Partial<EntryForm> | undefined, q: string): boolean {
  if (!q) return true;
  if (!e) return false;
  const needle = q.toLowerCase();
  return [e.name ?? '', ...(e.domains ?? []), ...(e.accounts ?? []), ...(e.sources ?? [])].some(
    (s) => s.toLowerCase().includes(needle),
  );
}

function useTierLabel() {
  const { lang } = useI18n();
  return (tier: AuthorityTier) =>
    lang === 'en' ? AUTHORITY_TIER_LABELS[tier].en : AUTHORITY_TIER_LABELS[tier].zh;
}

export function AuthorityCard({ settings, canWrite, onSaved }: CardProps) {
  return (
    <PartCard part="authority" settings={settings} onSaved={onSaved}>
      {(part) =>
        canWrite ? (
          <AuthorityEditor list={settings.authority} {...part} />
        ) : (
          <AuthorityTable list={settings.authority} />
        )
      }
    </PartCard>
  );
}

function Search({
  value,
  onChange,
  shown,
  total,
}: {
  value: string;
  onChange: (q: string) => void;
  shown: number;
  total: number;
}) {
  const { t } = useI18n();
  return (
    <Space wrap style={{ marginBottom: 12 }}>
      <Input.Search
        allowClear
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={t('eventSettings.authority.search')}
        style={{ width: 300 }}
        data-testid="authority-search"
      />
      <Typography.Text type="secondary" data-testid="authority-count">
        {value
          ? t('eventSettings.authority.countFiltered', { shown, total })
          : t('eventSettings.authority.count', { total })}
      </Typography.Text>
    </Space>
  );
}

function Words({ words }: { words: readonly string[] }) {
  return (
    <Space size={4} wrap>
      {words.map((w) => (
        <Tag key={w}>{w}</Tag>
      ))}
    </Space>
  );
}

/** The list for reading, with the search. */
function AuthorityTable({ list }: { list: AuthorityList }) {
  const { t } = useI18n();
  const tierLabel = useTierLabel();
  const [q, setQ] = useState('');
  const rows = list.map((e, i) => ({ ...e, key: i })).filter((e) => matches(e, q.trim()));
  const columns: TableColumnsType<AuthorityEntry & { key: number }> = [
    {
      title: t('eventSettings.authority.tier'),
      key: 'tier',
      width: 120,
      render: (_v, e) => (
        <Tag color={e.tier === 'central' ? 'red' : undefined}>{tierLabel(e.tier)}</Tag>
      ),
    },
    { title: t('eventSettings.authority.name'), dataIndex: 'name', key: 'name', width: 160 },
    ...LISTS.map((k) => ({
      title: t(`eventSettings.authority.${k}`),
      key: k,
      render: (_v: unknown, e: AuthorityEntry) => <Words words={e[k]} />,
    })),
  ];
  return (
    <>
      <Search value={q} onChange={setQ} shown={rows.length} total={list.length} />
      <Table<AuthorityEntry & { key: number }>
        rowKey="key"
        size="small"
        columns={columns}
        dataSource={rows}
        pagination={false}
        scroll={{ x: 900 }}
        data-testid="authority-table"
      />
    </>
  );
}

function AuthorityEditor({ list, isDefault, onSaved }: PartProps & { list: AuthorityList }) {
  const { t } = useI18n();
  const tierLabel = useTierLabel();
  const [form] = Form.useForm<AuthorityForm>();
  const [q, setQ] = useState('');
  const entries = Form.useWatch('entries', form) as EntryForm[] | undefined;
  // What was last checked or sent: the values a problem's path points into.
  const sent = useRef<readonly AuthorityEntry[]>([]);

  const editor = usePartEditor({
    part: 'authority',
    form,
    schema: authorityListSchema,
    values: () => (sent.current = toWire(form.getFieldsValue(true) as AuthorityForm)),
    /** A problem at its cell; one about a single domain or name says which. */
    fieldOf: (p: Problem) => {
      const [row, field, item] = p.path;
      if (typeof row !== 'number' || !isField(field)) return null;
      const value =
        typeof item === 'number' && field !== 'tier' && field !== 'name'
          ? sent.current[row]?.[field][item]
          : undefined;
      if (value === undefined) return { name: ['entries', row, field] };
      return {
        name: ['entries', row, field],
        message: t('eventSettings.authority.itemProblem', {
          value,
          message: zodMessage(t, p.message),
        }),
      };
    },
    // Rows the search hides have no cells: every row is on screen before the cells are marked.
    beforePlacing: () => setQ(''),
    onSaved,
  });

  return (
    <Form<AuthorityForm>
      form={form}
      initialValues={{ entries: list }}
      onValuesChange={() => clearChangedErrors(form)}
      data-testid="event-authority-form"
    >
      <PartError part="authority" error={editor.error} />
      <Form.List name="entries">
        {(fields, { add, remove }) => {
          const query = q.trim();
          const shown = fields.filter((f) => matches(entries?.[f.name], query));
          const tags = (k: (typeof LISTS)[number], width: number) => ({
            title: t(`eventSettings.authority.${k}`),
            key: k,
            render: (_v: unknown, f: (typeof fields)[number]) => (
              <Form.Item name={[f.name, k]} style={{ marginBottom: 0 }}>
                <Select
                  mode="tags"
                  suffixIcon={null}
                  tokenSeparators={TAG_SEPARATORS}
                  placeholder={t('eventSettings.authority.tagsPlaceholder')}
                  style={{ minWidth: width }}
                  data-testid={`authority-${f.name}-${k}`}
                />
              </Form.Item>
            ),
          });
          const columns: TableColumnsType<(typeof fields)[number]> = [
            {
              title: t('eventSettings.authority.tier'),
              key: 'tier',
              width: 130,
              render: (_v, f) => (
                <Form.Item name={[f.name, 'tier']} style={{ marginBottom: 0 }}>
                  <Select
                    options={AUTHORITY_TIERS.map((tier) => ({
                      value: tier,
                      label: tierLabel(tier),
                    }))}
                    style={{ width: 120 }}
                    data-testid={`authority-${f.name}-tier`}
                  />
                </Form.Item>
              ),
            },
            {
              title: t('eventSettings.authority.name'),
              key: 'name',
              width: 170,
              render: (_v, f) => (
                <Form.Item name={[f.name, 'name']} style={{ marginBottom: 0 }}>
                  <Input data-testid={`authority-${f.name}-name`} />
                </Form.Item>
              ),
            },
            tags('domains', 180),
            tags('accounts', 180),
            tags('sources', 140),
            {
              title: '',
              key: 'remove',
              width: 48,
              render: (_v, f) => (
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('eventSettings.authority.remove')}
                  title={t('eventSettings.authority.remove')}
                  onClick={() => remove(f.name)}
                  data-testid={`authority-${f.name}-remove`}
                />
              ),
            },
          ];
          return (
            <>
              <Search value={q} onChange={setQ} shown={shown.length} total={fields.length} />
              <Table
                rowKey="key"
                size="small"
                columns={columns}
                dataSource={shown}
                pagination={false}
                scroll={{ x: 1000 }}
                data-testid="authority-table"
              />
              <PartActions
                {...editor.actions}
                isDefault={isDefault}
                onDiscard={() => {
                  setQ('');
                  editor.actions.onDiscard();
                }}
                extra={
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => {
                      setQ('');
                      add(
                        {
                          tier: 'media',
                          name: '',
                          domains: [],
                          accounts: [],
                          sources: [],
                        } satisfies EntryForm,
                        0,
                      );
                    }}
                    data-testid="authority-add"
                  >
                    {t('eventSettings.authority.add')}
                  </Button>
                }
              />
            </>
          );
        }}
      </Form.List>
    </Form>
  );
}
