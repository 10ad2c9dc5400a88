// Puts the server's invalid_input details on the form fields they name (details.path, with
// the "body." prefix the server adds), and says which problems belong to no field.
import type { FormInstance } from 'antd';
import { ApiError, type FieldProblem } from '../api/client.ts';

/** Marks the fields; returns the problems that matched no field of the form. */
export function showFieldErrors<T>(
  form: FormInstance<T>,
  error: unknown,
  fields: readonly string[],
): FieldProblem[] {
  if (!(error instanceof ApiError)) return [];
  const unmatched: FieldProblem[] = [];
  const byField = new Map<string, string[]>();
  for (const p of error.fieldProblems) {
    const path = p.path.startsWith('body.') ? p.path.slice(5) : p.path;
    const field = path.split('.')[0] ?? '';
    if (fields.includes(field)) {
      byField.set(field, [...(byField.get(field) ?? []), p.message]);
    } else {
      unmatched.push(p);
    }
  }
  form.setFields([...byField].map(([name, errors]) => ({ name: name as never, errors })));
  return unmatched;
}
