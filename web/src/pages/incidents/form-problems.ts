// How the incident forms say what the server refused: invalid_input details go to the fields
// they name (body.action.document.title -> title); a refusal (403: not your step) and a
// conflict (409: the state does not allow it, or the incident moved since you read it) are
// said above the form with the server's reason.
import type { FormInstance } from 'antd';
import { ApiError } from '../../api/client.ts';
import type { Translate } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/format.ts';
import { showProblems, type FieldPath } from '../alerts/form-problems.ts';

export interface FormProblem {
  message: string;
  /** The incident moved since it was read: offer to read it again. */
  stale: boolean;
}

/** The sentence above the form for an error that names no field of it. */
export function problemText(e: unknown, t: Translate): string {
  if (e instanceof ApiError && e.status === 403)
    return t('incident.error.forbidden', { message: e.message });
  if (e instanceof ApiError && e.status === 409)
    return t('incident.error.conflict', { message: e.message });
  if (e instanceof ApiError && e.status === 404)
    return t('incident.error.notFound', { message: e.message });
  return describeError(e, t);
}

/**
 * Marks the fields the error names; answers what to show above the form (null: every problem
 * sits at a field). `fields` are the form's field names; a path is matched by its first
 * segment after the prefixes (body, action, document, handler, confidentiality).
 */
export function formProblem<T>(
  form: FormInstance<T>,
  e: unknown,
  t: Translate,
  fields: readonly string[],
  rename: Record<string, string> = {},
): FormProblem | null {
  // The revision conflict carries the revision now in force (details.revision).
  const stale =
    e instanceof ApiError &&
    e.status === 409 &&
    typeof e.details === 'object' &&
    e.details !== null &&
    'revision' in e.details;
  if (stale && e instanceof ApiError)
    return { message: t('incident.error.stale', { message: e.message }), stale };
  if (!(e instanceof ApiError) || e.fieldProblems.length === 0)
    return { message: problemText(e, t), stale };
  const fieldOf = (path: string[]): FieldPath | null => {
    const rest = path.filter(
      (s, i) =>
        !(i <= 2 && ['action', 'document', 'handler', 'confidentiality'].includes(s)) &&
        !/^\d+$/.test(s),
    );
    const first = rest[0];
    if (!first) return null;
    const name = rename[first] ?? first;
    return fields.includes(name) ? [name] : null;
  };
  const said = showProblems(form, e, t, fieldOf);
  return said ? { message: said, stale } : null;
}
