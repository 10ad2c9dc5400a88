// How the duty roster's dialogs save: check the form, call the server, and put its validation
// problems at the fields they name (the rest, and any other error, above the form).
import type { FormInstance } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n/i18n.tsx';
import { describeError } from '../../lib/format.ts';
import { serverMessage, showFieldErrors } from '../../lib/form-errors.ts';

export function useFormSave<T>(
  form: FormInstance<T>,
  fields: readonly string[],
  word?: (field: string, message: string) => string,
): { saving: boolean; error: string | null; save: (act: (v: T) => Promise<void>) => void } {
  const { t } = useI18n();
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const run = async (act: (v: T) => Promise<void>) => {
    let v: T;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    setSaving(true);
    setError(null);
    try {
      await act(v);
    } catch (e: unknown) {
      const { shown, unmatched } = showFieldErrors(
        form,
        e,
        fields,
        word ?? ((_f, m) => serverMessage(t, m)),
      );
      if (shown === 0) setError(describeError(e, t));
      else if (unmatched.length > 0) setError(unmatched.map((p) => p.message).join('; '));
    } finally {
      setSaving(false);
    }
  };
  return { saving, error, save: (act) => void run(act) };
}
