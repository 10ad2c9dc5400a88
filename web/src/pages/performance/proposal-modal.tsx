// The office proposes commendation or accountability (表彰/问责建议) for a person: the kind, the
// person, the incident it concerns (or none), the assessment year, the reasons, and the facts
// it cites, chosen from the person's facts of that year (the server seals them as they read).
// Given `revises`, it submits the next version of that proposal (returned or still pending).
import { Alert, App, Checkbox, Empty, Form, Input, Modal, Radio, Select, Spin } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import {
  performanceApi,
  type PerformanceListItem,
  type ProposalKind,
  type ProposalView,
} from '../../api/performance.ts';
import { useApi } from '../../hooks/use-api.ts';
import { useI18n } from '../../i18n/i18n.tsx';
import { formProblem, type FormProblem } from '../incidents/form-problems.ts';
import { yearOptions } from './performance-format.ts';

interface Values {
  kind: ProposalKind;
  personId: string;
  incidentId?: string | null;
  year: number;
  reasons: string;
  factRefs?: string[];
}

export function ProposalModal({
  people,
  personId,
  year,
  revises,
  onDone,
  onCancel,
}: {
  /** Who can be chosen (the people of the list). */
  people: readonly PerformanceListItem['person'][];
  personId?: string | undefined;
  year: number;
  /** The version this one replaces, if it is an edit. */
  revises?: ProposalView | undefined;
  onDone: (p: ProposalView) => void;
  onCancel: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const [saving, setSaving] = useState(false);
  const [problem, setProblem] = useState<FormProblem | null>(null);
  const chosen = Form.useWatch('personId', form) ?? revises?.personId ?? personId;
  const chosenYear = Form.useWatch('year', form) ?? revises?.year ?? year;

  const load = useCallback(
    (signal: AbortSignal) =>
      chosen ? performanceApi.person(chosen, chosenYear, signal) : Promise.resolve(null),
    [chosen, chosenYear],
  );
  const facts = useApi(load);
  const view = facts.data && facts.data.person.id === chosen ? facts.data : null;

  // A new person or year: the facts cited before no longer apply.
  useEffect(() => {
    if (!revises) form.setFieldValue('factRefs', []);
  }, [chosen, chosenYear, form, revises]);

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
      const done = await performanceApi.propose({
        kind: v.kind,
        personId: v.personId,
        incidentId: v.incidentId ?? null,
        year: v.year,
        reasons: v.reasons.trim(),
        factRefs: v.factRefs ?? [],
        ...(revises ? { revises: revises.id } : {}),
      });
      void message.success(t('performance.proposal.submitted'));
      onDone(done);
    } catch (e: unknown) {
      setProblem(
        formProblem(form, e, t, ['kind', 'personId', 'incidentId', 'year', 'reasons', 'factRefs']),
      );
    } finally {
      setSaving(false);
    }
  };

  const personOptions = people.map((p) => ({ value: p.id, label: p.name }));
  if (revises && !people.some((p) => p.id === revises.personId))
    personOptions.push({ value: revises.personId, label: revises.personName });
  const incidentOptions = (view?.incidents ?? []).map((i) => ({
    value: i.incidentId,
    label: i.title,
  }));
  if (revises?.incidentId && !incidentOptions.some((o) => o.value === revises.incidentId))
    incidentOptions.push({
      value: revises.incidentId,
      label: revises.incidentTitle ?? revises.incidentId,
    });
  const factOptions = Object.entries(view?.factTexts ?? {}).map(([ref, text]) => ({
    value: ref,
    label: text,
  }));

  return (
    <Modal
      open
      width={760}
      title={
        revises
          ? t('performance.proposal.reviseTitle', { n: revises.version + 1 })
          : t('performance.proposal.newTitle')
      }
      okText={t('performance.proposal.submit')}
      cancelText={t('common.cancel')}
      okButtonProps={{ loading: saving, 'data-testid': 'proposal-submit' }}
      onOk={() => void submit()}
      onCancel={onCancel}
      destroyOnHidden
    >
      <div data-testid="proposal-form">
        {problem ? (
          <Alert
            type="error"
            showIcon
            style={{ marginBottom: 16 }}
            title={problem.message}
            data-testid="proposal-error"
          />
        ) : null}
        <Form<Values>
          form={form}
          layout="vertical"
          initialValues={{
            kind: revises?.kind ?? 'commendation',
            personId: revises?.personId ?? personId,
            incidentId: revises?.incidentId ?? null,
            year: revises?.year ?? year,
            reasons: revises?.reasons ?? '',
            factRefs: revises?.facts.map((f) => f.ref) ?? [],
          }}
        >
          <Form.Item name="kind" label={t('performance.proposal.kind')}>
            <Radio.Group optionType="button" buttonStyle="solid" data-testid="proposal-kind">
              <Radio.Button value="commendation">{t('performance.kind.commendation')}</Radio.Button>
              <Radio.Button value="accountability">
                {t('performance.kind.accountability')}
              </Radio.Button>
            </Radio.Group>
          </Form.Item>
          <Form.Item
            name="personId"
            label={t('performance.person')}
            rules={[{ required: true, message: t('common.required') }]}
          >
            <Select
              options={personOptions}
              disabled={!!revises}
              showSearch={{ optionFilterProp: 'label' }}
              data-testid="proposal-person"
            />
          </Form.Item>
          <Form.Item name="year" label={t('performance.year')}>
            <Select
              options={yearOptions().map((y) => ({ value: y, label: String(y) }))}
              data-testid="proposal-year"
            />
          </Form.Item>
          <Form.Item name="incidentId" label={t('performance.proposal.incident')}>
            <Select
              allowClear
              placeholder={t('performance.proposal.noIncident')}
              options={incidentOptions}
              data-testid="proposal-incident"
            />
          </Form.Item>
          <Form.Item
            name="reasons"
            label={t('performance.proposal.reasons')}
            rules={[
              { required: true, whitespace: true, message: t('common.required') },
              { min: 2, message: t('performance.proposal.reasonsShort') },
              { max: 10_000 },
            ]}
          >
            <Input.TextArea
              autoSize={{ minRows: 3, maxRows: 10 }}
              maxLength={10_000}
              data-testid="proposal-reasons"
            />
          </Form.Item>
          <Form.Item
            label={t('performance.proposal.facts')}
            extra={t('performance.proposal.factsHelp')}
          >
            {facts.loading && !view ? (
              <Spin size="small" />
            ) : factOptions.length ? (
              <Form.Item name="factRefs" noStyle>
                <Checkbox.Group
                  style={{ display: 'flex', flexDirection: 'column', gap: 4 }}
                  options={factOptions}
                  data-testid="proposal-facts"
                />
              </Form.Item>
            ) : (
              <Empty
                image={Empty.PRESENTED_IMAGE_SIMPLE}
                description={t('performance.proposal.noFacts')}
              />
            )}
          </Form.Item>
        </Form>
      </div>
    </Modal>
  );
}
