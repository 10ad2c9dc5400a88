// 登记舆情处置: opens an incident by hand (source: manual) with its title, the unit it
// concerns (whose scope decides who reads an open incident), when it was noticed if earlier
// than now, and optionally its confidentiality ([P15]).
import { Alert, App, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useEffect, useState } from 'react';
import { incidentsApi, type ConfidentialityLevel } from '../../api/incidents.ts';
import type { Role, Unit } from '../../api/types.ts';
import { useMe } from '../../auth/auth-context.tsx';
import { useI18n } from '../../i18n/i18n.tsx';
import { unitName } from '../../lib/format.ts';
import { ROLES } from '../../../../src/domain/access.ts';
import { formProblem, type FormProblem } from './form-problems.ts';

interface Values {
  title: string;
  unitId: string;
  declaredAt?: Dayjs | null;
  confLevel: ConfidentialityLevel;
  roles?: Role[];
}

const FIELDS = ['title', 'unitId', 'declaredAt', 'confLevel', 'roles'] as const;

export function OpenIncidentModal({
  units,
  onCancel,
  onDone,
}: {
  units: readonly Unit[];
  onCancel: () => void;
  onDone: (incidentId: string) => void;
}) {
  const { t, lang } = useI18n();
  const me = useMe();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const level = Form.useWatch('confLevel', form);
  // The units may arrive after the dialog opened: the user's own unit is the default.
  useEffect(() => {
    if (!form.getFieldValue('unitId') && units.some((u) => u.id === me.unit.id))
      form.setFieldsValue({ unitId: me.unit.id });
  }, [form, units, me.unit.id]);

  const submit = async () => {
    let v: Values;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setProblem(null);
    try {
      const view = await incidentsApi.open({
        title: v.title.trim(),
        unitId: v.unitId,
        source: { kind: 'manual', refId: null },
        mentionIds: [],
        eventIds: [],
        ...(v.declaredAt ? { declaredAt: v.declaredAt.toISOString() } : {}),
        ...(v.confLevel !== 'open'
          ? {
              confidentiality: {
                level: v.confLevel,
                userIds: [],
                roles: v.confLevel === 'restricted' ? (v.roles ?? []) : [],
              },
            }
          : {}),
      });
      void message.success(t('incidents.openDone'));
      onDone(view.incident.id);
    } catch (e: unknown) {
      setProblem(formProblem(form, e, t, FIELDS, { level: 'confLevel' }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <Modal
      open
      title={t('incidents.openTitle')}
      okText={t('incidents.openOk')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, 'data-testid': 'open-submit' }}
      onOk={() => void submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <div data-testid="open-incident-form">
        <Typography.Paragraph type="secondary">{t('incidents.openIntro')}</Typography.Paragraph>
        {problem ? (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={problem.message}
            data-testid="open-error"
          />
        ) : null}
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{
            unitId: units.some((u) => u.id === me.unit.id) ? me.unit.id : undefined,
            confLevel: 'open',
          }}
        >
          <Form.Item
            name="title"
            label={t('incidents.field.title')}
            rules={[
              { required: true, whitespace: true, message: t('common.required') },
              { max: 200 },
            ]}
          >
            <Input maxLength={200} data-testid="open-title" />
          </Form.Item>
          <Form.Item
            name="unitId"
            label={t('incidents.field.unit')}
            extra={t('incidents.field.unitHelp')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select
              showSearch={{ optionFilterProp: 'label' }}
              options={units.map((u) => ({ value: u.id, label: unitName(u, lang) }))}
              data-testid="open-unit"
            />
          </Form.Item>
          <Form.Item label={t('incidents.field.source')}>
            <Typography.Text data-testid="open-source">
              {t('incident.source.manual')}
            </Typography.Text>
          </Form.Item>
          <Form.Item
            name="declaredAt"
            label={t('incidents.field.discoveredAt')}
            extra={t('incidents.field.discoveredAtHelp')}
          >
            <DatePicker showTime data-testid="open-declared-at" />
          </Form.Item>
          <Form.Item name="confLevel" label={t('incidents.field.confidentiality')}>
            <Select
              options={(['open', 'restricted', 'secret'] as const).map((l) => ({
                value: l,
                label: t(`incident.conf.${l}`),
              }))}
              data-testid="open-confidentiality"
            />
          </Form.Item>
          {level && level !== 'open' ? (
            <Typography.Paragraph type="secondary" data-testid="open-conf-hint">
              {t(`incident.conf.hint.${level}`)}
            </Typography.Paragraph>
          ) : null}
          {level === 'restricted' ? (
            <Form.Item name="roles" label={t('incidents.field.roles')}>
              <Select
                mode="multiple"
                options={ROLES.map((r) => ({ value: r, label: t(`role.${r}`) }))}
                data-testid="open-roles"
              />
            </Form.Item>
          ) : null}
        </Form>
      </div>
    </Modal>
  );
}
