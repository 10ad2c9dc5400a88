// Sign-in page (/login): user name and password, with a clear message for each way sign-in
// can fail (wrong password, account locked, too many attempts). Goes back to ?next= after.
import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { Navigate, useNavigate, useSearchParams } from 'react-router';
import { ApiError } from '../api/client.ts';
import { useAuth } from '../auth/auth-context.tsx';
import { FormError } from '../components/form-error.tsx';
import { LanguageSwitch } from '../layout/language-switch.tsx';
import { useI18n, type Translate } from '../i18n/i18n.tsx';
import { describeError } from '../lib/format.ts';

interface LoginForm {
  username: string;
  password: string;
}

/** Only paths of this app: no other origin, no protocol-relative URL. */
export function safeNext(next: string | null): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next.startsWith('/login')) return '/';
  return next;
}

function signInMessage(e: unknown, t: Translate): string {
  if (e instanceof ApiError) {
    switch (e.code) {
      case 'invalid_credentials':
        return t('login.invalidCredentials');
      case 'account_locked':
        return t('login.locked', {
          minutes: Math.max(1, Math.ceil((e.retryAfterSeconds ?? 60) / 60)),
        });
      case 'rate_limited':
        return t('login.rateLimited', {
          seconds: Math.max(1, Math.ceil(e.retryAfterSeconds ?? 60)),
        });
      case 'invalid_input':
        return t('login.failed', { message: e.message });
      default:
        return describeError(e, t);
    }
  }
  return describeError(e, t);
}

export function LoginPage() {
  const { t } = useI18n();
  const { state, signIn } = useAuth();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const [error, setError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const next = safeNext(params.get('next'));

  if (state.status === 'signed-in' && !submitting) return <Navigate to={next} replace />;

  const onFinish = async (values: LoginForm) => {
    setSubmitting(true);
    setError(null);
    try {
      await signIn(values.username.trim(), values.password);
      void navigate(next, { replace: true });
    } catch (e: unknown) {
      setError(signInMessage(e, t));
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <div className="login-screen">
      <div className="login-lang">
        <LanguageSwitch />
      </div>
      <Card className="login-card" data-testid="login-page">
        <Typography.Title level={2} style={{ marginBottom: 0 }}>
          {t('app.name')}
        </Typography.Title>
        <Typography.Paragraph type="secondary">{t('app.subtitle')}</Typography.Paragraph>
        <Typography.Title level={4}>{t('login.title')}</Typography.Title>
        {state.status === 'signed-out' && state.expired && !error ? (
          <Alert
            type="info"
            showIcon
            title={t('error.unauthenticated')}
            style={{ marginBottom: 16 }}
          />
        ) : null}
        <FormError error={error} testId="login-error" />
        <Form<LoginForm>
          layout="vertical"
          requiredMark={false}
          onFinish={(v) => void onFinish(v)}
          disabled={submitting}
        >
          <Form.Item
            label={t('login.username')}
            name="username"
            rules={[{ required: true, whitespace: true, message: t('login.usernameRequired') }]}
          >
            <Input
              prefix={<UserOutlined />}
              autoComplete="username"
              autoFocus
              data-testid="login-username"
            />
          </Form.Item>
          <Form.Item
            label={t('login.password')}
            name="password"
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input.Password
              prefix={<LockOutlined />}
              autoComplete="current-password"
              data-testid="login-password"
            />
          </Form.Item>
          <Button
            type="primary"
            htmlType="submit"
            block
            loading={submitting}
            data-testid="login-submit"
          >
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 24, fontSize: 12 }}>
          {t('login.footer')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
