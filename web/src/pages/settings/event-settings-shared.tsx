// What the three cards of 设置 › 事件 share: the card with its "built-in or changed" tag and the
// note that the open events were scored again, the save / discard / reset buttons, and the
// problems of a part (from the browser's zod check or the server's 400) put at the fields they
// name, in the UI language, each mark kept until that field's value changes.
import { UndoOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Popconfirm, Space, Tag, Typography } from 'antd';
import type { FormInstance } from 'antd';
import { Fragment, useState, type ReactNode } from 'react';
import { flushSync } from 'react-dom';
import type { z } from 'zod';
import { ApiError } from '../../api/client.ts';
import {
  eventSettingsApi,
  type EventSettings,
  type EventSettingsChange,
  type EventSettingsPart,
} from '../../api/event-settings.ts';
import { FormError } from '../../components/form-error.tsx';
import { useI18n, type Translate } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/format.ts';
import { serverMessage } from '../../lib/form-errors.ts';

/** One problem of a part: where inside the part (as zod gives it) and what is wrong. */
export interface Problem {
  path: (string | number)[];
  message: string;
}

/** zod's messages (the browser's and the server's are the same schemas) in the UI language. */
export function zodMessage(t: Translate, message: string): string {
  const max = /^Too big: expected number to be <=?(-?[\d.]+)$/.exec(message);
  if (max) return t('eventSettings.max', { n: max[1] ?? '' });
  const min = /^Too small: expected number to be >=?(-?[\d.]+)$/.exec(message);
  if (min) return t('eventSettings.min', { n: min[1] ?? '' });
  if (/^Invalid input: expected int\b/.test(message)) return t('eventSettings.integer');
  if (
    /^Invalid input: expected (number|string|boolean), received (null|undefined|NaN)$/.test(message)
  )
    return t('common.required');
  if (/^Too small: expected string to have >=1 characters?$/.test(message))
    return t('common.required');
  const items = /^Too big: expected array to have <=(\d+) items?$/.exec(message);
  if (items) return t('eventSettings.maxItems', { n: items[1] ?? '' });
  if (message === 'at least one weight > 0') return t('eventSettings.heat.needWeight');
  if (message === 'a domain such as people.com.cn')
    return t('eventSettings.authority.domainFormat');
  return serverMessage(t, message);
}

/** The problems of a zod parse of a part. */
export function parseProblems(error: z.ZodError): Problem[] {
  return error.issues.map((i) => ({
    path: i.path.filter((p): p is string | number => typeof p !== 'symbol'),
    message: i.message,
  }));
}

/** The problems the server found in a part ("body.<part>.x.y"); null when it said none. */
export function serverProblems(e: unknown, part: EventSettingsPart): Problem[] | null {
  if (!(e instanceof ApiError) || e.fieldProblems.length === 0) return null;
  return e.fieldProblems.map((p) => {
    const parts = p.path.split('.');
    const inPart = parts[0] === 'body' && parts[1] === part;
    return {
      path: (inPart ? parts.slice(2) : parts).map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
      message: p.message,
    };
  });
}

type NamePath = (string | number)[];
type FieldName<T> = Parameters<FormInstance<T>['getFieldValue']>[0];

/** A field marked with a problem, and its value (as `snapshot` gives it) when it was marked. */
interface Mark {
  name: NamePath;
  value: string | undefined;
}

/** Per form, its marked fields. */
const marks = new WeakMap<object, Map<string, Mark>>();

/** A field's value as compared for "changed since it was marked" (the values are JSON). */
const snapshot = (value: unknown): string | undefined => JSON.stringify(value);

/**
 * Shows problems at their fields: `fieldOf` says which form field a problem belongs to (and may
 * reword it). Answers the problems that belong to no field, or to a field not on the form now
 * (a row a search hides, say), for above the form: no problem is dropped unseen.
 */
export function placeProblems<T>(
  form: FormInstance<T>,
  problems: readonly Problem[],
  fieldOf: (p: Problem) => { name: NamePath; message?: string } | null,
  t: Translate,
): Problem[] {
  const onForm = new Set(form.getFieldsError().map((f) => JSON.stringify(f.name)));
  const byField = new Map<string, { name: NamePath; errors: string[] }>();
  const rest: Problem[] = [];
  for (const p of problems) {
    const at = fieldOf(p);
    const key = at ? JSON.stringify(at.name) : '';
    if (!at || !onForm.has(key)) {
      rest.push(p);
      continue;
    }
    const entry = byField.get(key) ?? { name: at.name, errors: [] };
    const message = at.message ?? zodMessage(t, p.message);
    if (!entry.errors.includes(message)) entry.errors.push(message);
    byField.set(key, entry);
  }
  const marked = marks.get(form) ?? new Map<string, Mark>();
  marks.set(form, marked);
  for (const [key, { name }] of byField)
    marked.set(key, { name, value: snapshot(form.getFieldValue(name as FieldName<T>)) });
  form.setFields(
    [...byField.values()].map(({ name, errors }) => ({ name: name as FieldName<T>, errors })),
  );
  return rest;
}

/**
 * Clears the marks (the server's or the check's) of the fields whose value has changed since
 * they were marked: a change elsewhere on the form, or a field merely touched, leaves them. A
 * mark that moved with its row (a row added or removed above it) goes too. For the form's
 * onValuesChange.
 */
export function clearChangedErrors<T>(form: FormInstance<T>): void {
  const marked = marks.get(form);
  const stale = form.getFieldsError().filter((f) => {
    if (f.errors.length === 0) return false;
    const mark = marked?.get(JSON.stringify(f.name));
    return !mark || snapshot(form.getFieldValue(f.name as FieldName<T>)) !== mark.value;
  });
  for (const f of stale) marked?.delete(JSON.stringify(f.name));
  if (stale.length)
    form.setFields(stale.map((f) => ({ name: f.name as FieldName<T>, errors: [] })));
}

export type SaveOutcome = 'saved' | 'reset';

/**
 * The editing of one part: checked with the server's own schema before it is sent, saved or put
 * back to the default, the problems at the fields `fieldOf` names (the rest above the form).
 * `values` reads what is sent from the form (default: the form's values as they are).
 */
export function usePartEditor<P extends EventSettingsPart, F>({
  part,
  form,
  schema,
  fieldOf,
  values = () => form.getFieldsValue(true) as unknown,
  onSaved,
  beforePlacing,
}: {
  part: P;
  form: FormInstance<F>;
  schema: z.ZodType<EventSettings[P]>;
  fieldOf: (p: Problem) => { name: NamePath; message?: string } | null;
  values?: () => unknown;
  onSaved: (outcome: SaveOutcome) => void;
  /**
   * Runs before problems are put at their fields (shows the rows a search hides, say). What it
   * changes is rendered, with the fields it brings registered, before the fields are marked.
   */
  beforePlacing?: () => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  /** Marks the fields; says what belongs to none above the form. */
  const show = (problems: Problem[]) => {
    // Rendered and committed here, not left to a later render: a field not yet on the form
    // when it is marked keeps no mark (the one it gets when it mounts is empty).
    if (beforePlacing) flushSync(beforePlacing);
    const rest = placeProblems(form, problems, fieldOf, t);
    setError(
      rest.length
        ? rest
            .map(
              (p) =>
                `${p.path.join('.') || t(`eventSettings.${part}.title`)}：${zodMessage(t, p.message)}`,
            )
            .join('；')
        : null,
    );
  };

  const send = async (change: EventSettingsChange, outcome: SaveOutcome) => {
    setSaving(true);
    setError(null);
    try {
      await eventSettingsApi.put(change);
      void message.success(
        t(outcome === 'saved' ? 'eventSettings.saved' : 'eventSettings.restored'),
      );
      onSaved(outcome);
    } catch (e: unknown) {
      const problems = outcome === 'saved' ? serverProblems(e, part) : null;
      if (problems) show(problems);
      else setError(describeError(e, t));
    } finally {
      setSaving(false);
    }
  };

  const save = () => {
    setError(null);
    const parsed = schema.safeParse(values());
    if (!parsed.success) show(parseProblems(parsed.error));
    else void send({ [part]: parsed.data }, 'saved');
  };

  return {
    error,
    actions: {
      part,
      saving,
      onSave: save,
      onDiscard: () => {
        setError(null);
        form.resetFields();
      },
      onReset: () => void send({ [part]: null }, 'reset'),
    },
  };
}

/** What each card of 设置 › 事件 gets from the section. */
export interface CardProps {
  settings: EventSettings;
  /** event.write: may change the settings (else they are shown read-only). */
  canWrite: boolean;
  onSaved: () => void;
}

/** What a part's editor gets from its card. */
export interface PartProps {
  isDefault: boolean;
  onSaved: (outcome: SaveOutcome) => void;
}

/**
 * A card of 设置 › 事件 with its tag (built-in or changed) and, after a save, the note that the
 * open events were scored again. Its editor is made afresh whenever the saved part changes.
 */
export function PartCard({
  part,
  settings,
  onSaved,
  children,
}: {
  part: EventSettingsPart;
  settings: EventSettings;
  onSaved: () => void;
  children: (props: PartProps) => ReactNode;
}) {
  const { t } = useI18n();
  const [outcome, setOutcome] = useState<SaveOutcome | null>(null);
  const isDefault = settings.defaults[part];
  return (
    <Card
      title={
        <Space>
          {t(`eventSettings.${part}.title`)}
          {isDefault ? (
            <Tag data-testid={`event-${part}-default`}>{t('eventSettings.builtIn')}</Tag>
          ) : (
            <Tag color="blue" data-testid={`event-${part}-custom`}>
              {t('eventSettings.custom')}
            </Tag>
          )}
        </Space>
      }
      data-testid={`event-${part}`}
    >
      <Typography.Paragraph type="secondary">
        {t(`eventSettings.${part}.desc`)}
      </Typography.Paragraph>
      {outcome ? (
        <Alert
          type="success"
          showIcon
          closable={{ onClose: () => setOutcome(null) }}
          title={t(outcome === 'saved' ? 'eventSettings.saved' : 'eventSettings.restored')}
          description={t('eventSettings.rescored')}
          style={{ marginBottom: 16 }}
          data-testid={`event-${part}-rescored`}
        />
      ) : null}
      <Fragment key={JSON.stringify(settings[part])}>
        {children({
          isDefault,
          onSaved: (o) => {
            setOutcome(o);
            onSaved();
          },
        })}
      </Fragment>
    </Card>
  );
}

/** The problems of a part that name no field. */
export function PartError({ part, error }: { part: EventSettingsPart; error: string | null }) {
  return <FormError error={error} testId={`event-${part}-error`} />;
}

/** Save, discard the edits, and back to the built-in default (after confirming). */
export function PartActions({
  part,
  saving,
  isDefault,
  onSave,
  onDiscard,
  onReset,
  extra,
}: {
  part: EventSettingsPart;
  saving: boolean;
  isDefault: boolean;
  onSave: () => void;
  onDiscard: () => void;
  onReset: () => void;
  extra?: ReactNode;
}) {
  const { t } = useI18n();
  return (
    <Space wrap style={{ marginTop: 16 }}>
      {extra}
      <Button type="primary" loading={saving} onClick={onSave} data-testid={`event-${part}-save`}>
        {t('common.save')}
      </Button>
      <Button onClick={onDiscard} data-testid={`event-${part}-discard`}>
        {t('analysis.risk.discard')}
      </Button>
      <Popconfirm
        title={t('eventSettings.restoreConfirm')}
        okText={t('eventSettings.restore')}
        cancelText={t('common.cancel')}
        onConfirm={onReset}
        disabled={isDefault}
      >
        <Button icon={<UndoOutlined />} disabled={isDefault} data-testid={`event-${part}-reset`}>
          {t('eventSettings.restore')}
        </Button>
      </Popconfirm>
    </Space>
  );
}
