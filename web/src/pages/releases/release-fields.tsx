// The parts of the incident forms that belong to official information release: a release
// plan's channels (from the fixed list), aim, audience, timing and spokesperson; talking points'
// kind (声明 / 答问 / 辟谣), their Q&A pairs and a clarification's claim, facts and source. Each
// input carries a data-testid (f-<name>, f-qa-question-<i>...) so tests can drive the forms.
import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Form, Input, Select, Space, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { useEffect, type ReactNode } from 'react';
import {
  RELEASE_CHANNELS,
  TALKING_POINT_KINDS,
  type ReleaseChannel,
  type TalkingPointKind,
} from '../../../../src/publish/types.ts';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { ChoiceField, TextField } from '../incidents/action-fields.tsx';
import type { ActionValues } from '../incidents/action-values.ts';

export const channelLabel = (t: Translate, c: ReleaseChannel) => t(`release.channel.${c}`);
export const kindLabel = (t: Translate, k: TalkingPointKind) => t(`release.kind.${k}`);

/** The channels to choose from: all of them, or those a plan allows. */
export function ChannelsField({
  allowed = RELEASE_CHANNELS,
  label,
  extra,
}: {
  allowed?: readonly ReleaseChannel[];
  label?: string;
  extra?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Form.Item
      name="channels"
      label={label ?? t('incident.field.channels')}
      extra={extra}
      rules={[{ required: true, message: t('release.form.channelsRequired') }]}
    >
      <Select<ReleaseChannel[]>
        mode="multiple"
        options={allowed.map((c) => ({ value: c, label: channelLabel(t, c) }))}
        placeholder={t('release.form.channelsPlaceholder')}
        data-testid="f-channels"
      />
    </Form.Item>
  );
}

/** A release plan (信息发布方案): its channels and the plan's other parts. */
export function PlanFields() {
  const { t } = useI18n();
  return (
    <>
      <ChannelsField extra={t('release.form.channelsHelp')} />
      <TextField name="aim" label={t('release.form.aim')} max={2000} rows={2} required={false} />
      <TextField
        name="audience"
        label={t('release.form.audience')}
        max={2000}
        rows={2}
        required={false}
      />
      <TextField
        name="timing"
        label={t('release.form.timing')}
        max={2000}
        rows={2}
        required={false}
      />
      <TextField
        name="spokesperson"
        label={t('release.form.spokesperson')}
        max={200}
        required={false}
      />
    </>
  );
}

/**
 * Talking points (口径): the kind, then for a clarification the claim, the facts and their
 * source, and the Q&A pairs (a 答问 needs one at least; a clarification may add some; a
 * statement has none).
 */
export function PointsFields({ form }: { form: FormInstance<ActionValues> }) {
  const { t } = useI18n();
  const kind = Form.useWatch('pointsKind', form) ?? 'statement';
  // What the server said about the Q&A list no longer holds once the kind changes.
  useEffect(() => {
    if (form.getFieldError('qa').length) form.setFields([{ name: 'qa', errors: [] }]);
  }, [form, kind]);
  return (
    <div data-testid="points-fields" data-kind={kind}>
      <ChoiceField
        name="pointsKind"
        label={t('release.form.kind')}
        choices={TALKING_POINT_KINDS.map((k) => ({
          value: k,
          label: kindLabel(t, k),
        }))}
        extra={t(`release.form.kindHelp.${kind}`)}
      />
      {kind === 'clarification' ? (
        <>
          <TextField name="claim" label={t('release.form.claim')} max={5000} rows={2} />
          <TextField name="facts" label={t('release.form.facts')} max={20_000} rows={4} />
          <TextField name="factSource" label={t('release.form.factSource')} max={2000} />
        </>
      ) : null}
      {kind !== 'statement' ? <QaList /> : null}
    </div>
  );
}

/** The Q&A pairs, one question and one answer each; the server's problems show under the list. */
function QaList() {
  const { t } = useI18n();
  const form = Form.useFormInstance<ActionValues>();
  const word = (e: ReactNode) => (e === 'required' ? t('release.form.qaRequired') : e);
  return (
    <Form.Item label={t('release.form.qa')} required={false}>
      <Form.List name="qa">
        {(items, { add, remove }, { errors }) => (
          <div data-testid="f-qa">
            {items.map((item, i) => (
              <div key={item.key} className="qa-pair" data-testid="qa-pair">
                <Space align="baseline" style={{ width: '100%', justifyContent: 'space-between' }}>
                  <Typography.Text strong>{t('release.form.qaN', { n: i + 1 })}</Typography.Text>
                  <Button
                    type="text"
                    danger
                    size="small"
                    icon={<DeleteOutlined />}
                    onClick={() => remove(item.name)}
                    data-testid={`qa-remove-${i}`}
                  >
                    {t('release.form.qaRemove')}
                  </Button>
                </Space>
                <Form.Item
                  name={[item.name, 'question']}
                  label={t('release.form.question')}
                  rules={[
                    { required: true, whitespace: true, message: t('common.required') },
                    { max: 2000, message: t('server.tooLong', { n: 2000 }) },
                  ]}
                >
                  <Input maxLength={2000} data-testid={`f-qa-question-${i}`} />
                </Form.Item>
                <Form.Item
                  name={[item.name, 'answer']}
                  label={t('release.form.answer')}
                  rules={[
                    { required: true, whitespace: true, message: t('common.required') },
                    { max: 20_000, message: t('server.tooLong', { n: 20_000 }) },
                  ]}
                >
                  <Input.TextArea
                    autoSize={{ minRows: 2, maxRows: 8 }}
                    maxLength={20_000}
                    data-testid={`f-qa-answer-${i}`}
                  />
                </Form.Item>
              </div>
            ))}
            <Button
              type="dashed"
              icon={<PlusOutlined />}
              onClick={() => {
                add({ question: '', answer: '' });
                form.setFields([{ name: 'qa', errors: [] }]);
              }}
              disabled={items.length >= 50}
              data-testid="qa-add"
            >
              {t('release.form.qaAdd')}
            </Button>
            <Form.ErrorList errors={errors.map(word)} />
          </div>
        )}
      </Form.List>
    </Form.Item>
  );
}
