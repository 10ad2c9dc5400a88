// 登记舆情处置: opens an incident with its title, the unit it concerns (whose scope decides who
// reads an open incident), when it was noticed if earlier than now, and optionally its
// confidentiality ([P15]). By hand (source: manual) from the board, or from what a page shows
// (转入处置): an event (the event page) or an informant's report (报送), which the server links
// to the incident and names as its source.
import { Alert, App, DatePicker, Form, Input, Modal, Select, Typography } from 'antd';
import type { Dayjs } from 'dayjs';
import { useCallback, useEffect, useState } from 'react';
import { api } from '../../api/client.ts';
import { incidentsApi, type ConfidentialityLevel } from '../../api/incidents.ts';
import type { Role, Unit } from '../../api/types.ts';
import { useMe } from '../../auth/auth-context.tsx';
import { useApi } from '../../hooks/use-api.ts';
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
const NO_UNITS: readonly Unit[] = [];

/** What an incident is opened from, preset by the page that offers it. */
export interface IncidentSourcePreset {
  kind: 'event' | 'informant_report';
  refId: string;
  /** How the page names it: the event's title, the report's first words. */
  name: string;
  /** The title proposed for the incident. */
  title: string;
  /** The unit the incident concerns, when the source says (a report's unit). */
  unitId?: string;
}

export function OpenIncidentModal({
  units: given,
  source,
  onCancel,
  onDone,
}: {
  /** The units to choose from; loaded here when the page has none. */
  units?: readonly Unit[];
  /** Opened from an event or a report; none: by hand. */
  source?: IncidentSourcePreset;
  onCancel: () => void;
  onDone: (incidentId: string) => void;
}) {
  const { t, lang } = useI18n();
  const loadUnits = useCallback((signal: AbortSignal) => api.units(signal), []);
  const loaded = useApi(given ? null : loadUnits);
  const units = given ?? loaded.data?.items ?? NO_UNITS;
  const me = useMe();
  // The unit the source names, else the user's own.
  const defaultUnit = source?.unitId ?? me.unit.id;
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const level = Form.useWatch('confLevel', form);
  // The units may arrive after the dialog opened: the source's or the user's unit is the default.
  useEffect(() => {
    if (!form.getFieldValue('unitId') && units.some((u) => u.id === defaultUnit))
      form.setFieldsValue({ unitId: defaultUnit });
  }, [form, units, defaultUnit]);

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
        source: source
          ? { kind: source.kind, refId: source.refId }
          : { kind: 'manual', refId: null },
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
      title={source ? t('incidents.openFromTitle') : t('incidents.openTitle')}
      okText={t('incidents.openOk')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, 'data-testid': 'open-submit' }}
      onOk={() => void submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <div data-testid="open-incident-form">
        <Typography.Paragraph type="secondary">
          {source ? t(`incidents.openFromIntro.${source.kind}`) : t('incidents.openIntro')}
        </Typography.Paragraph>
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
            title: source ? [...source.title].slice(0, 200).join('') : undefined,
            unitId: units.some((u) => u.id === defaultUnit) ? defaultUnit : undefined,
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
            <Typography.Text
              data-testid="open-source"
              data-kind={source?.kind ?? 'manual'}
              data-ref={source?.refId}
            >
              {source
                ? t(`incident.source.${source.kind}`, { name: source.name })
                : t('incident.source.manual')}
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
