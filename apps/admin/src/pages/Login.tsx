import { useQuery, useQueryClient } from '@tanstack/react-query';
import { setLocale } from '@zhanqian/ui/i18n';
import { continueLogin, type LoginAnswer, loginWithPassword, type PendingLogin } from '@zhanqian/ui/login';
import { api } from '@zhanqian/ui/trpc';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { useAppTitle } from '../district.ts';
import './accounts/strings.ts';

/** Password, then (for administrators) the authenticator code or its enrolment. */
export function LoginPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const title = useAppTitle();
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<PendingLogin | null>(null);
  // An empty platform links to the first-run page (setup.status is public).
  const setup = useQuery({ queryKey: ['setup.status'], queryFn: () => api.setup.status.query() });

  const run = async (step: () => Promise<LoginAnswer>) => {
    setBusy(true);
    setError(null);
    try {
      const answer = await step();
      if (answer.status === 'pending') {
        setPending(answer);
        return;
      }
      queryClient.clear();
      navigate('/');
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div
      style={{
        minHeight: '100vh',
        display: 'grid',
        placeItems: 'center',
        background: 'linear-gradient(160deg,#c8161d 0%,#8e0c12 100%)',
      }}
    >
      <Card style={{ width: 400 }}>
        <Typography.Title
          level={3}
          style={{ textAlign: 'center', color: '#c8161d' }}
          data-testid="login-title"
        >
          {title}
        </Typography.Title>
        {!pending ? (
          <Form
            layout="vertical"
            onFinish={(v: { username: string; password: string }) =>
              run(() => loginWithPassword(v.username, v.password, 'admin'))
            }
            requiredMark={false}
          >
            <Form.Item
              name="username"
              label={t('login.username')}
              rules={[{ required: true, message: t('login.usernameRequired') }]}
            >
              <Input autoComplete="username" autoFocus />
            </Form.Item>
            <Form.Item
              name="password"
              label={t('login.password')}
              rules={[{ required: true, message: t('login.passwordRequired') }]}
            >
              <Input.Password autoComplete="current-password" />
            </Form.Item>
            {error && (
              <Alert type="error" title={error} style={{ marginBottom: 16 }} data-testid="login-error" />
            )}
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('login.submit')}
            </Button>
          </Form>
        ) : (
          <Form
            layout="vertical"
            key={pending.challenge}
            onFinish={(v: { code?: string; newPassword?: string }) => run(() => continueLogin(pending, v))}
            requiredMark={false}
          >
            {pending.step === 'enroll' && pending.enrollment && (
              <Alert
                type="info"
                style={{ marginBottom: 16 }}
                title={t('login.enroll')}
                description={
                  <>
                    <p>{t('login.enrollHelp')}</p>
                    <Typography.Text code copyable data-testid="totp-secret">
                      {pending.enrollment.secret}
                    </Typography.Text>
                  </>
                }
              />
            )}
            {pending.step === 'password' ? (
              <Form.Item
                name="newPassword"
                label={t('login.newPassword')}
                extra={t('login.passwordExpired')}
                rules={[{ required: true }]}
              >
                <Input.Password autoComplete="new-password" autoFocus />
              </Form.Item>
            ) : (
              <Form.Item
                name="code"
                label={t('login.totp')}
                extra={t('login.totpHelp')}
                rules={[{ required: true, pattern: /^\d{6}$/, message: t('login.totpHelp') }]}
              >
                <Input
                  autoComplete="one-time-code"
                  inputMode="numeric"
                  maxLength={6}
                  autoFocus
                  data-testid="totp-code"
                />
              </Form.Item>
            )}
            {error && (
              <Alert type="error" title={error} style={{ marginBottom: 16 }} data-testid="login-error" />
            )}
            <Button type="primary" htmlType="submit" block loading={busy}>
              {t('login.verify')}
            </Button>
            <Button
              type="link"
              block
              onClick={() => {
                setPending(null);
                setError(null);
              }}
            >
              {t('login.back')}
            </Button>
          </Form>
        )}
        {setup.data?.empty ? (
          <Link to="/setup" data-testid="setup-link">
            <Button type="link" block>
              {t('setup.link')}
            </Button>
          </Link>
        ) : (
          // Accounts created from the roster are activated in the member app (phone or desktop).
          <Button type="link" block href="/m/activate" data-testid="activate-link">
            {t('activate.link')}
          </Button>
        )}
        <Button
          type="link"
          block
          onClick={() => setLocale(i18n.language === 'en' ? 'zh-CN' : 'en')}
          style={{ marginTop: 8 }}
        >
          {t('common.language')}
        </Button>
      </Card>
    </div>
  );
}
