// The risk lexicon (风险词表): categories of risky words (name, English name, weight, terms and
// exclusions) that the pipeline finds in every post. Those with analysis.manage edit it in a
// table (add and remove categories, terms as tags) and save it whole, or go back to the built-in
// one; the server's problems appear at the cell they name. Everyone else reads it.
import { DeleteOutlined, PlusOutlined, UndoOutlined } from '@ant-design/icons';
import {
  App,
  Button,
  Card,
  Form,
  Input,
  InputNumber,
  Popconfirm,
  Select,
  Space,
  Table,
  Tag,
  Typography,
} from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { api, ApiError } from '../../api/client.ts';
import type { AnalysisSettings, RiskCategory, RiskLexiconWire } from '../../api/types.ts';
import { FormError } from '../../components/form-error.tsx';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/format.ts';
import { serverMessage } from '../../lib/form-errors.ts';

/** Separators that end a term while typing (comma, Chinese comma and enumeration comma). */
const TERM_SEPARATORS = [',', '，', '、', '\n'];

/** The lexicon validator's messages (src/analysis/risk-terms.ts) in the UI language. */
const RISK_MESSAGES: Record<string, Parameters<Translate>[0]> = {
  'the id must not be empty': 'common.required',
  'the id is a slug: lower-case letters and digits, words joined by - or _':
    'analysis.risk.idFormat',
  'the name must not be empty': 'common.required',
  'the English name must not be empty': 'common.required',
  'the weight is between 0 and 1': 'analysis.risk.weightRange',
  'a category needs at least one term': 'analysis.risk.needTerm',
  'a term must not be empty': 'common.required',
  'the lexicon needs at least one category': 'analysis.risk.needCategory',
};

function riskMessage(t: Translate, message: string): string {
  const key = RISK_MESSAGES[message];
  if (key) return t(key);
  const taken = /^the id "(.*)" is already used by category (\d+)$/.exec(message);
  if (taken) return t('analysis.risk.idTaken', { id: taken[1] ?? '', n: Number(taken[2]) + 1 });
  return serverMessage(t, message);
}

interface CategoryForm {
  id: string;
  name: string;
  nameEn: string;
  weight: number | null;
  terms: string[];
  exclude: string[];
  /** Added in this edit: its id may still be chosen (saved ones keep theirs, stored rows use it). */
  isNew?: boolean;
}

interface LexiconForm {
  categories: CategoryForm[];
}

const CATEGORY_FIELDS = ['id', 'name', 'nameEn', 'weight', 'terms', 'exclude'] as const;
type CategoryField = (typeof CATEGORY_FIELDS)[number];
const isCategoryField = (f: string | undefined): f is CategoryField =>
  CATEGORY_FIELDS.some((c) => c === f);

function toForm(lexicon: RiskLexiconWire): LexiconForm {
  return {
    categories: lexicon.categories.map((c) => ({
      id: c.id,
      name: c.name,
      nameEn: c.nameEn,
      weight: c.weight,
      terms: [...c.terms],
      exclude: [...(c.exclude ?? [])],
    })),
  };
}

const clean = (words: readonly string[] | undefined) => [
  ...new Set((words ?? []).map((w) => w.trim()).filter((w) => w !== '')),
];

function toWire(v: LexiconForm): RiskLexiconWire {
  return {
    categories: (v.categories ?? []).map((c) => {
      const exclude = clean(c.exclude);
      const category: RiskCategory = {
        id: c.id.trim(),
        name: c.name.trim(),
        nameEn: c.nameEn.trim(),
        weight: c.weight ?? 0,
        terms: clean(c.terms),
      };
      return exclude.length ? { ...category, exclude } : category;
    }),
  };
}

export function RiskLexiconCard({
  settings,
  canManage,
  onSaved,
}: {
  settings: AnalysisSettings;
  canManage: boolean;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const badge = settings.risk_lexicon_is_default ? (
    <Tag data-testid="risk-lexicon-default">{t('analysis.risk.builtIn')}</Tag>
  ) : (
    <Tag color="blue" data-testid="risk-lexicon-custom">
      {t('analysis.risk.custom')}
    </Tag>
  );
  return (
    <Card
      title={
        <Space>
          {t('analysis.risk.title')}
          {badge}
        </Space>
      }
      data-testid="risk-lexicon"
    >
      <Typography.Paragraph type="secondary">{t('analysis.risk.desc')}</Typography.Paragraph>
      {canManage ? (
        // A new editor (fresh form) whenever the saved lexicon changes.
        <RiskLexiconEditor
          key={JSON.stringify(settings.risk_lexicon)}
          settings={settings}
          onSaved={onSaved}
        />
      ) : (
        <RiskLexiconTable lexicon={settings.risk_lexicon} />
      )}
    </Card>
  );
}

function Terms({ terms }: { terms: readonly string[] }) {
  return (
    <Space size={4} wrap className="risk-terms-view">
      {terms.map((w) => (
        <Tag key={w}>{w}</Tag>
      ))}
    </Space>
  );
}

/** The lexicon for reading. */
function RiskLexiconTable({ lexicon }: { lexicon: RiskLexiconWire }) {
  const { t } = useI18n();
  const columns: TableColumnsType<RiskCategory> = [
    { title: t('analysis.risk.id'), dataIndex: 'id', key: 'id', width: 120 },
    { title: t('analysis.risk.name'), dataIndex: 'name', key: 'name', width: 120 },
    { title: t('analysis.risk.nameEn'), dataIndex: 'nameEn', key: 'nameEn', width: 150 },
    { title: t('analysis.risk.weight'), dataIndex: 'weight', key: 'weight', width: 80 },
    {
      title: t('analysis.risk.terms'),
      key: 'terms',
      render: (_v, c) => <Terms terms={c.terms} />,
    },
    {
      title: t('analysis.risk.exclude'),
      key: 'exclude',
      width: 200,
      render: (_v, c) => <Terms terms={c.exclude ?? []} />,
    },
  ];
  return (
    <Table<RiskCategory>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={lexicon.categories}
      pagination={false}
      scroll={{ x: 900 }}
      data-testid="risk-lexicon-table"
    />
  );
}

function RiskLexiconEditor({
  settings,
  onSaved,
}: {
  settings: AnalysisSettings;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<LexiconForm>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  /** Puts the server's problems at the cells they name; the rest above the table. */
  const showProblems = (e: unknown) => {
    if (!(e instanceof ApiError)) {
      setError(describeError(e, t));
      return;
    }
    const rest: string[] = [];
    for (const p of e.fieldProblems) {
      const m = /^body\.lexicon\.categories\.(\d+)\.(\w+)/.exec(p.path);
      const field = m?.[2];
      if (m && isCategoryField(field)) {
        form.setFields([
          { name: ['categories', Number(m[1]), field], errors: [riskMessage(t, p.message)] },
        ]);
      } else {
        rest.push(
          `${p.path.replace(/^body\.lexicon\.?/, '') || t('analysis.risk.title')}: ${riskMessage(t, p.message)}`,
        );
      }
    }
    if (rest.length) setError(rest.join('; '));
    else if (e.fieldProblems.length === 0) setError(describeError(e, t));
  };

  const save = async () => {
    try {
      await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await api.setRiskLexicon(toWire(form.getFieldsValue(true) as LexiconForm));
      void message.success(t('analysis.risk.saved'));
      onSaved();
    } catch (e: unknown) {
      showProblems(e);
    } finally {
      setSaving(false);
    }
  };

  const restore = async () => {
    setSaving(true);
    setError(null);
    try {
      await api.setRiskLexicon(null);
      void message.success(t('analysis.risk.restored'));
      onSaved();
    } catch (e: unknown) {
      setError(describeError(e, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Form<LexiconForm>
      form={form}
      initialValues={toForm(settings.risk_lexicon)}
      data-testid="risk-lexicon-form"
    >
      <FormError error={error} testId="risk-lexicon-error" />
      <Form.List name="categories">
        {(fields, { add, remove }) => {
          const columns: TableColumnsType<(typeof fields)[number]> = [
            {
              title: t('analysis.risk.id'),
              key: 'id',
              width: 130,
              render: (_v, f) => {
                // A saved category keeps its id (stored analyses and feed filters use it).
                const isNew = form.getFieldValue(['categories', f.name, 'isNew']) === true;
                if (!isNew)
                  return (
                    <code className="risk-id" data-testid={`risk-${f.name}-id`}>
                      {String(form.getFieldValue(['categories', f.name, 'id']))}
                    </code>
                  );
                return (
                  <Form.Item
                    name={[f.name, 'id']}
                    style={{ marginBottom: 0 }}
                    rules={[
                      { required: true, whitespace: true, message: t('common.required') },
                      {
                        pattern: /^[a-z0-9]+(?:[-_][a-z0-9]+)*$/,
                        message: t('analysis.risk.idFormat'),
                      },
                      { max: 64 },
                    ]}
                  >
                    <Input className="code-input" data-testid={`risk-${f.name}-id`} />
                  </Form.Item>
                );
              },
            },
            {
              title: t('analysis.risk.name'),
              key: 'name',
              width: 130,
              render: (_v, f) => (
                <Form.Item
                  name={[f.name, 'name']}
                  style={{ marginBottom: 0 }}
                  rules={[{ required: true, whitespace: true, message: t('common.required') }]}
                >
                  <Input data-testid={`risk-${f.name}-name`} />
                </Form.Item>
              ),
            },
            {
              title: t('analysis.risk.nameEn'),
              key: 'nameEn',
              width: 150,
              render: (_v, f) => (
                <Form.Item
                  name={[f.name, 'nameEn']}
                  style={{ marginBottom: 0 }}
                  rules={[{ required: true, whitespace: true, message: t('common.required') }]}
                >
                  <Input data-testid={`risk-${f.name}-nameEn`} />
                </Form.Item>
              ),
            },
            {
              title: t('analysis.risk.weight'),
              key: 'weight',
              width: 100,
              render: (_v, f) => (
                <Form.Item
                  name={[f.name, 'weight']}
                  style={{ marginBottom: 0 }}
                  rules={[{ required: true, message: t('common.required') }]}
                >
                  <InputNumber
                    min={0}
                    max={1}
                    step={0.05}
                    style={{ width: 84 }}
                    data-testid={`risk-${f.name}-weight`}
                  />
                </Form.Item>
              ),
            },
            {
              title: t('analysis.risk.terms'),
              key: 'terms',
              render: (_v, f) => (
                <Form.Item
                  name={[f.name, 'terms']}
                  style={{ marginBottom: 0 }}
                  rules={[{ required: true, type: 'array', min: 1, message: t('common.required') }]}
                >
                  <Select
                    mode="tags"
                    suffixIcon={null}
                    tokenSeparators={TERM_SEPARATORS}
                    placeholder={t('analysis.risk.termsPlaceholder')}
                    className="risk-terms-select"
                    style={{ minWidth: 240 }}
                    data-testid={`risk-${f.name}-terms`}
                  />
                </Form.Item>
              ),
            },
            {
              title: t('analysis.risk.exclude'),
              key: 'exclude',
              width: 200,
              render: (_v, f) => (
                <Form.Item name={[f.name, 'exclude']} style={{ marginBottom: 0 }}>
                  <Select
                    mode="tags"
                    suffixIcon={null}
                    tokenSeparators={TERM_SEPARATORS}
                    placeholder={t('analysis.risk.excludePlaceholder')}
                    className="risk-terms-select"
                    style={{ minWidth: 160 }}
                    data-testid={`risk-${f.name}-exclude`}
                  />
                </Form.Item>
              ),
            },
            {
              title: '',
              key: 'remove',
              width: 48,
              render: (_v, f) => (
                <Button
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  aria-label={t('analysis.risk.remove')}
                  title={t('analysis.risk.remove')}
                  onClick={() => remove(f.name)}
                  data-testid={`risk-${f.name}-remove`}
                />
              ),
            },
          ];
          return (
            <>
              <Table
                rowKey="key"
                size="small"
                columns={columns}
                dataSource={fields}
                pagination={false}
                scroll={{ x: 1000 }}
                data-testid="risk-lexicon-table"
              />
              <Space wrap style={{ marginTop: 16 }}>
                <Button
                  icon={<PlusOutlined />}
                  onClick={() =>
                    add({
                      id: '',
                      name: '',
                      nameEn: '',
                      weight: 0.5,
                      terms: [],
                      exclude: [],
                      isNew: true,
                    } satisfies CategoryForm)
                  }
                  data-testid="risk-add"
                >
                  {t('analysis.risk.add')}
                </Button>
                <Button
                  type="primary"
                  loading={saving}
                  onClick={() => void save()}
                  data-testid="risk-save"
                >
                  {t('common.save')}
                </Button>
                <Button
                  onClick={() => {
                    setError(null);
                    form.resetFields();
                  }}
                >
                  {t('analysis.risk.discard')}
                </Button>
                <Popconfirm
                  title={t('analysis.risk.restoreConfirm')}
                  okText={t('analysis.risk.restore')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => void restore()}
                  disabled={settings.risk_lexicon_is_default}
                >
                  <Button
                    icon={<UndoOutlined />}
                    disabled={settings.risk_lexicon_is_default}
                    data-testid="risk-restore"
                  >
                    {t('analysis.risk.restore')}
                  </Button>
                </Popconfirm>
              </Space>
            </>
          );
        }}
      </Form.List>
    </Form>
  );
}
