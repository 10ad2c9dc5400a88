// The problem of a form that names none of its fields (or that the request as a whole failed),
// shown above the form; nothing while there is none.
import { Alert } from 'antd';

export function FormError({ error, testId }: { error: string | null; testId?: string }) {
  if (!error) return null;
  return (
    <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid={testId} />
  );
}
