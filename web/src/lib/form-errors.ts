// Puts the server's invalid_input details on the form fields they name (details.path, with
// the "body." prefix the server adds), and says which problems belong to no field.
import type { FormInstance } from 'antd';
import { ApiError, type FieldProblem } from '../api/client.ts';
import type { Translate } from '../i18n/i18n.tsx';

/** The server's validation messages (English, from its schemas) in the UI language. */
const SERVER_MESSAGES: Record<string, Parameters<Translate>[0]> = {
  'Invalid email address': 'server.invalidEmail',
  'must not be empty': 'server.notEmpty',
  'digits, spaces, + - ( )': 'server.phoneChars',
  'no such unit': 'server.noSuchUnit',
  '2-64 lower-case letters, digits, _ . or -': 'server.keyFormat',
  'must be an http(s) URL': 'server.httpUrl',
  taken: 'server.keyTaken',
  'runs more often than once a minute': 'server.scheduleTooOften',
  'larger than 5 MiB': 'server.attachmentTooBig',
  'does not match the file content': 'server.attachmentMismatch',
  'empty or not base64': 'server.attachmentUnreadable',
  'must be base64': 'server.attachmentUnreadable',
};

export function serverMessage(t: Translate, message: string): string {
  const key = SERVER_MESSAGES[message];
  if (key) return t(key);
  const tooLong = /^Too big: expected string to have <=(\d+) characters$/.exec(message);
  if (tooLong) return t('server.tooLong', { n: tooLong[1] ?? '' });
  if (/^Invalid option: expected one of "image\//.test(message)) return t('server.attachmentType');
  return message;
}

/** serverMessage for a source's schedule: the cron parser's own words, said to be about cron. */
export function scheduleMessage(t: Translate, message: string): string {
  const known = serverMessage(t, message);
  return known !== message ? known : t('server.badSchedule', { message });
}

export interface FieldErrorResult {
  /** Problems shown at a field of the form. */
  shown: number;
  /** Problems that name no field of the form: show them above it. */
  unmatched: FieldProblem[];
}

/** Marks the fields named by the error's details; `word` may reword a message per field. */
export function showFieldErrors<T>(
  form: FormInstance<T>,
  error: unknown,
  fields: readonly string[],
  word: (field: string, message: string) => string = (_f, m) => m,
): FieldErrorResult {
  if (!(error instanceof ApiError)) return { shown: 0, unmatched: [] };
  const unmatched: FieldProblem[] = [];
  const byField = new Map<string, string[]>();
  for (const p of error.fieldProblems) {
    const path = p.path.startsWith('body.') ? p.path.slice(5) : p.path;
    const field = path.split('.')[0] ?? '';
    if (fields.includes(field)) {
      byField.set(field, [...(byField.get(field) ?? []), word(field, p.message)]);
    } else {
      unmatched.push(p);
    }
  }
  form.setFields(
    [...byField].map(([name, errors]) => ({
      name: name as Parameters<FormInstance<T>['getFieldError']>[0],
      errors,
    })),
  );
  return { shown: byField.size, unmatched };
}
