// The server's invalid_input details on the fields of a nested form: each problem's path
// (body.conditions.schemeIds.0) becomes a field name through the form's own mapping; what
// names no field is said above the form.
import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client.ts';
import type { Translate } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/format.ts';
import { serverMessage } from '../../lib/form-errors.ts';

export type FieldPath = (string | number)[];

/**
 * Marks the fields the error names (`fieldOf` gets the path without "body.", split at the
 * dots); answers the sentence to show above the form, or null when every problem has a field.
 */
export function showProblems<T>(
  form: FormInstance<T>,
  e: unknown,
  t: Translate,
  fieldOf: (path: string[]) => FieldPath | null,
): string | null {
  const problems = e instanceof ApiError ? e.fieldProblems : [];
  const marks: { name: FieldPath; errors: string[] }[] = [];
  const other: string[] = [];
  for (const p of problems) {
    const message = serverMessage(t, p.message);
    const name = fieldOf((p.path.startsWith('body.') ? p.path.slice(5) : p.path).split('.'));
    if (name) marks.push({ name, errors: [message] });
    else other.push(`${p.path}: ${message}`);
  }
  form.setFields(marks as Parameters<FormInstance<T>['setFields']>[0]);
  if (marks.length === 0) return describeError(e, t);
  return other.length ? other.join('; ') : null;
}
