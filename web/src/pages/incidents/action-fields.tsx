// The fields the incident step forms are built from: a text, a declared time (never in the
// future), a person or unit picker, a choice; each with a data-testid of f-<name> so the
// forms can be driven by tests.
import { DatePicker, Form, Input, Radio, Select } from 'antd';
import dayjs from 'dayjs';
import type { ReactNode } from 'react';
import type { Unit } from '../../api/types.ts';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { unitName } from '../../lib/format.ts';
import type { ActionValues } from './action-values.ts';
import type { PersonOption } from './people.ts';

type Name = keyof ActionValues;

/** The rule of a field that must be filled (none when it may stay empty). */
function requiredRules(t: Translate, required: boolean) {
  return required ? [{ required: true, message: t('common.required') }] : [];
}

export function TextField({
  name,
  label,
  max,
  required = true,
  rows = 0,
  extra,
  placeholder,
}: {
  name: Name;
  label: string;
  max: number;
  required?: boolean;
  /** 0: one line; else a text area of at least this many rows. */
  rows?: number;
  extra?: ReactNode;
  placeholder?: string;
}) {
  const { t } = useI18n();
  return (
    <Form.Item
      name={name}
      label={label}
      extra={extra}
      rules={[
        ...(required ? [{ required: true, whitespace: true, message: t('common.required') }] : []),
        { max, message: t('server.tooLong', { n: max }) },
      ]}
    >
      {rows > 0 ? (
        <Input.TextArea
          autoSize={{ minRows: rows, maxRows: 14 }}
          maxLength={max}
          placeholder={placeholder}
          data-testid={`f-${name}`}
        />
      ) : (
        <Input maxLength={max} placeholder={placeholder} data-testid={`f-${name}`} />
      )}
    </Form.Item>
  );
}

/** When it happened in the world, if not now: never in the future (the server checks too). */
export function DeclaredAtField({
  name = 'declaredAt',
  label,
  required = false,
}: {
  name?: 'declaredAt';
  label?: string;
  required?: boolean;
}) {
  const { t } = useI18n();
  return (
    <Form.Item
      name={name}
      label={label ?? t('incident.field.declaredAt')}
      extra={t('incident.field.declaredAtHelp')}
      rules={requiredRules(t, required)}
    >
      <DatePicker
        showTime
        disabledDate={(d) => d.isAfter(dayjs(), 'day')}
        data-testid={`f-${name}`}
      />
    </Form.Item>
  );
}

export function PersonField({
  name,
  label,
  options,
  multiple = false,
  required = true,
  extra,
}: {
  name: 'userId' | 'leaderId' | 'memberIds' | 'userIds';
  label: string;
  options: readonly PersonOption[];
  multiple?: boolean;
  required?: boolean;
  extra?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Form.Item name={name} label={label} extra={extra} rules={requiredRules(t, required)}>
      <Select
        mode={multiple ? 'multiple' : undefined}
        showSearch={{ optionFilterProp: 'label' }}
        options={[...options]}
        placeholder={t('incident.field.pickPerson')}
        data-testid={`f-${name}`}
      />
    </Form.Item>
  );
}

export function UnitField({
  units,
  label,
  divisionsOnly = false,
}: {
  units: readonly Unit[];
  label: string;
  divisionsOnly?: boolean;
}) {
  const { t, lang } = useI18n();
  const list = divisionsOnly ? units.filter((u) => u.kind === 'division') : units;
  return (
    <Form.Item
      name="unitId"
      label={label}
      rules={[{ required: true, message: t('common.required') }]}
    >
      <Select
        showSearch={{ optionFilterProp: 'label' }}
        options={list.map((u) => ({ value: u.id, label: unitName(u, lang) }))}
        placeholder={t('incident.field.pickUnit')}
        data-testid="f-unitId"
      />
    </Form.Item>
  );
}

/** One of a few choices, as buttons (a test clicks the visible label). */
export function ChoiceField<V extends string>({
  name,
  label,
  choices,
  required = true,
  extra,
}: {
  name: Name;
  label: string;
  choices: readonly { value: V; label: string; disabled?: boolean }[];
  required?: boolean;
  extra?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Form.Item name={name} label={label} extra={extra} rules={requiredRules(t, required)}>
      <Radio.Group optionType="button" buttonStyle="solid" data-testid={`f-${name}`}>
        {choices.map((c) => (
          <Radio.Button key={c.value} value={c.value} disabled={c.disabled ?? false}>
            {c.label}
          </Radio.Button>
        ))}
      </Radio.Group>
    </Form.Item>
  );
}

/** A pick from a list the incident holds (a document version, a report, a task, an entry). */
export function PickField({
  name,
  label,
  options,
  onPick,
  required = true,
  emptyText,
}: {
  name: Name;
  label: string;
  options: readonly { value: string; label: string }[];
  onPick?: (value: string) => void;
  required?: boolean;
  emptyText?: string;
}) {
  const { t } = useI18n();
  return (
    <Form.Item name={name} label={label} rules={requiredRules(t, required)}>
      <Select
        options={[...options]}
        onChange={(v: string) => onPick?.(v)}
        notFoundContent={emptyText ?? t('incident.field.nothingToPick')}
        placeholder={t('incident.field.pick')}
        data-testid={`f-${name}`}
      />
    </Form.Item>
  );
}

/** Free entries (channels, ids): typed and confirmed with Enter. */
export function TagsField({
  name,
  label,
  options = [],
  required = false,
  extra,
}: {
  name: 'channels' | 'mentionIds' | 'eventIds';
  label: string;
  options?: readonly string[];
  required?: boolean;
  extra?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Form.Item name={name} label={label} extra={extra} rules={requiredRules(t, required)}>
      <Select
        mode="tags"
        tokenSeparators={[',', '，', '、']}
        options={options.map((o) => ({ value: o, label: o }))}
        data-testid={`f-${name}`}
      />
    </Form.Item>
  );
}
