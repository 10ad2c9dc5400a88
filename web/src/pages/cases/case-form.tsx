// The office writes a case by hand or edits one: title, kind, tags (free, suggested from the
// tags in use), summary, successes, problems and lessons (one per line), video links (https)
// and a note on what this version is. An edit is saved as a new version on the one shown; the
// server's problems appear at the fields they name.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Input, Modal, Radio, Select, Space } from 'antd';
import { useCallback, useState } from 'react';
import { casesApi, type CaseDetail, type CaseKind, type VideoLink } from '../../api/cases.ts';
import { FormError } from '../../components/form-error.tsx';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { serverMessage, showFieldErrors } from '../../lib/form-errors.ts';
import { describeError } from '../../lib/format.ts';

export const CASE_KINDS: readonly CaseKind[] = ['positive', 'negative', 'general'];

interface CaseFormValues {
  title: string;
  kind: CaseKind;
  tags: string[];
  summary?: string;
  successes?: string;
  problems?: string;
  lessons?: string;
  videos?: VideoLink[];
  note?: string;
}

/** Fields a server problem is shown at (a video link's problem shows above the form). */
const FIELDS = [
  'title',
  'kind',
  'tags',
  'summary',
  'successes',
  'problems',
  'lessons',
  'note',
] as const;

const lines = (text: string | undefined): string[] =>
  (text ?? '')
    .split('\n')
    .map((s) => s.trim())
    .filter((s) => s !== '');

/** The tags in use, most used first: the form's suggestions. */
export function useTagOptions() {
  const load = useCallback((signal: AbortSignal) => casesApi.tags(signal), []);
  const tags = useApi(load);
  return (tags.data?.items ?? []).map((x) => ({ value: x.tag, label: `${x.tag}（${x.count}）` }));
}

export function CaseFormModal({
  editing,
  onDone,
  onCancel,
}: {
  /** The case to edit; none: a new case. */
  editing: CaseDetail | null;
  onDone: (c: CaseDetail) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<CaseFormValues>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tagOptions = useTagOptions();

  const initial: CaseFormValues = editing
    ? {
        title: editing.title,
        kind: editing.kind,
        tags: editing.tags,
        summary: editing.summary,
        successes: editing.successes.join('\n'),
        problems: editing.problems.join('\n'),
        lessons: editing.lessons.join('\n'),
        videos: editing.videos,
      }
    : { title: '', kind: 'general', tags: [], videos: [] };

  const submit = async () => {
    let v: CaseFormValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      const content = {
        title: v.title.trim(),
        kind: v.kind,
        tags: v.tags,
        summary: (v.summary ?? '').trim(),
        successes: lines(v.successes),
        problems: lines(v.problems),
        lessons: lines(v.lessons),
        videos: (v.videos ?? []).map((x) => ({ title: x.title.trim(), url: x.url.trim() })),
      };
      const note = v.note?.trim();
      const saved = editing
        ? await casesApi.update(editing.id, {
            version: editing.version,
            ...content,
            ...(note ? { note } : {}),
          })
        : await casesApi.create({ ...content, ...(note ? { note } : {}) });
      void message.success(
        editing ? t('cases.form.saved', { version: saved.version }) : t('cases.form.created'),
      );
      onDone(saved);
    } catch (e: unknown) {
      const { shown, unmatched } = showFieldErrors(form, e, FIELDS, (_f, m) => serverMessage(t, m));
      if (!shown || unmatched.length) setError(describeError(e, t));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      width={720}
      title={
        editing ? t('cases.form.editTitle', { version: editing.version }) : t('cases.form.newTitle')
      }
      okText={editing ? t('cases.form.save') : t('cases.form.create')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, 'data-testid': 'case-form-submit' }}
      onOk={() => void submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <div data-testid="case-form">
        <FormError error={error} testId="case-form-error" />
        <Form<CaseFormValues> form={form} layout="vertical" initialValues={initial}>
          <Form.Item
            name="title"
            label={t('cases.field.title')}
            rules={[
              { required: true, whitespace: true, message: t('common.required') },
              { max: 200 },
            ]}
          >
            <Input maxLength={200} data-testid="case-title-input" />
          </Form.Item>
          <Form.Item name="kind" label={t('cases.field.kind')}>
            <Radio.Group
              optionType="button"
              options={CASE_KINDS.map((k) => ({ value: k, label: t(`cases.kind.${k}`) }))}
              data-testid="case-kind-input"
            />
          </Form.Item>
          <Form.Item name="tags" label={t('cases.field.tags')} extra={t('cases.form.tagsHelp')}>
            <Select
              mode="tags"
              options={tagOptions}
              tokenSeparators={[',', '，', '、']}
              maxCount={20}
              data-testid="case-tags-input"
            />
          </Form.Item>
          <Form.Item name="summary" label={t('cases.field.summary')} rules={[{ max: 20_000 }]}>
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 10 }}
              data-testid="case-summary-input"
            />
          </Form.Item>
          {(['successes', 'problems', 'lessons'] as const).map((f) => (
            <Form.Item
              key={f}
              name={f}
              label={t(`cases.field.${f}`)}
              extra={t('cases.form.perLine')}
            >
              <Input.TextArea
                autoSize={{ minRows: 2, maxRows: 8 }}
                data-testid={`case-${f}-input`}
              />
            </Form.Item>
          ))}
          <Form.Item label={t('cases.field.videos')} extra={t('cases.form.videosHelp')}>
            <Form.List name="videos">
              {(fields, { add, remove }) => (
                <Space orientation="vertical" style={{ width: '100%' }}>
                  {fields.map((field) => (
                    <Space key={field.key} align="start" className="case-video-row">
                      <Form.Item
                        name={[field.name, 'title']}
                        rules={[
                          { required: true, whitespace: true, message: t('common.required') },
                        ]}
                        noStyle
                      >
                        <Input
                          placeholder={t('cases.form.videoTitle')}
                          maxLength={200}
                          data-testid="case-video-title"
                        />
                      </Form.Item>
                      <Form.Item
                        name={[field.name, 'url']}
                        rules={[
                          { required: true, message: t('common.required') },
                          { pattern: /^https:\/\/\S+$/i, message: t('cases.form.httpsOnly') },
                        ]}
                        noStyle
                      >
                        <Input
                          placeholder="https://"
                          maxLength={2000}
                          style={{ width: 320 }}
                          data-testid="case-video-url"
                        />
                      </Form.Item>
                      <Button
                        icon={<DeleteOutlined />}
                        aria-label={t('cases.form.videoRemove')}
                        onClick={() => remove(field.name)}
                      />
                    </Space>
                  ))}
                  <Button
                    icon={<PlusOutlined />}
                    onClick={() => add({ title: '', url: '' })}
                    data-testid="case-video-add"
                  >
                    {t('cases.form.videoAdd')}
                  </Button>
                </Space>
              )}
            </Form.List>
          </Form.Item>
          <Form.Item
            name="note"
            label={editing ? t('cases.form.noteEdit') : t('cases.form.note')}
            rules={[{ max: 1000 }]}
          >
            <Input maxLength={1000} data-testid="case-note-input" />
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
