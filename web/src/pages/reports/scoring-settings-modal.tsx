// The scoring rules (积分规则), changed by the office: points per adopted report, per level of
// use, per lead-time band, and for a link no monitored source had. Whole points; bands ascend.
import { MinusCircleOutlined, PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, InputNumber, Modal, Space, Typography } from 'antd';
import { useState } from 'react';
import { informantsApi, type ScoringSettings } from '../../api/informants.ts';
import { FormError } from '../../components/form-error.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { ApiError } from '../../api/client.ts';
import { describeError } from '../../lib/format.ts';

export function ScoringSettingsModal({
  settings,
  onClose,
}: {
  settings: ScoringSettings;
  onClose: (saved: boolean) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<ScoringSettings>();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const save = async () => {
    let v: ScoringSettings;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await informantsApi.putScoringSettings({
        ...v,
        lead_bands: [...v.lead_bands].sort((a, b) => a.min_minutes - b.min_minutes),
      });
      void message.success(t('informants.rules.saved'));
      onClose(true);
    } catch (e: unknown) {
      // The server names the field (body.lead_bands.1.min_minutes): say where, then what.
      const problems = e instanceof ApiError ? e.fieldProblems : [];
      setError(
        problems.length > 0
          ? problems.map((p) => `${p.path.replace(/^body\./, '')}: ${p.message}`).join('; ')
          : describeError(e, t),
      );
    } finally {
      setSaving(false);
    }
  };

  const whole = {
    required: true,
    type: 'integer' as const,
    min: 0,
    max: 1000,
    message: t('informants.rules.whole'),
  };

  return (
    <Modal
      open
      title={t('informants.rules.title')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      confirmLoading={saving}
      onOk={() => void save()}
      onCancel={() => onClose(false)}
      okButtonProps={{ 'data-testid': 'rules-save' }}
    >
      <FormError error={error} />
      <Form<ScoringSettings>
        form={form}
        layout="vertical"
        initialValues={settings}
        data-testid="rules-form"
      >
        <Form.Item label={t('informants.rules.reportPoints')} name="report_points" rules={[whole]}>
          <InputNumber min={0} max={1000} precision={0} data-testid="rules-report" />
        </Form.Item>
        <Space wrap>
          {(['daily', 'special', 'instruction'] as const).map((l) => (
            <Form.Item
              key={l}
              label={t(`informants.level.${l}`)}
              name={['level_points', l]}
              rules={[whole]}
            >
              <InputNumber min={0} max={1000} precision={0} data-testid={`rules-level-${l}`} />
            </Form.Item>
          ))}
        </Space>
        <Typography.Text strong>{t('informants.rules.bands')}</Typography.Text>
        <Form.List name="lead_bands">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Space key={f.key} align="baseline" wrap>
                  <Form.Item
                    label={t('informants.rules.minMinutes')}
                    name={[f.name, 'min_minutes']}
                    rules={[{ ...whole, max: 10080 }]}
                  >
                    <InputNumber min={0} max={10080} precision={0} />
                  </Form.Item>
                  <Form.Item
                    label={t('informants.rules.bandPoints')}
                    name={[f.name, 'points']}
                    rules={[whole]}
                  >
                    <InputNumber min={0} max={1000} precision={0} />
                  </Form.Item>
                  <MinusCircleOutlined
                    onClick={() => remove(f.name)}
                    aria-label={t('informants.rules.removeBand')}
                  />
                </Space>
              ))}
              {fields.length < 10 ? (
                <Form.Item>
                  <Button
                    type="dashed"
                    onClick={() => add({ min_minutes: 0, points: 0 })}
                    icon={<PlusOutlined />}
                  >
                    {t('informants.rules.addBand')}
                  </Button>
                </Form.Item>
              ) : null}
            </>
          )}
        </Form.List>
        <Form.Item
          label={t('informants.rules.unmatchedPoints')}
          name="unmatched_points"
          rules={[whole]}
        >
          <InputNumber min={0} max={1000} precision={0} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
