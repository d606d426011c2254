import { useQueryClient } from '@tanstack/react-query';
import { setLocale } from '@zhanqian/ui/i18n';
import { continueLogin, type LoginAnswer, loginWithPassword, type PendingLogin } from '@zhanqian/ui/login';
import { Button, Form, Input, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { TopBar } from '../TopBar.tsx';

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<PendingLogin | null>(null);
  const run = async (step: () => Promise<LoginAnswer>) => {
    setBusy(true);
    try {
      const answer = await step();
      if (answer.status === 'pending') return setPending(answer);
      queryClient.clear();
      navigate('/');
    } catch (e) {
      Toast.show({ icon: 'fail', content: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  const footer = (
    <>
      <Button block type="submit" color="primary" size="large" loading={busy}>
        {pending ? t('login.verify') : t('login.submit')}
      </Button>
      {!pending && (
        <Button block fill="none" onClick={() => navigate('/activate')} data-testid="activate-link">
          {t('login.activate')}
        </Button>
      )}
      <Button block fill="none" onClick={() => setLocale(i18n.language === 'en' ? 'zh-CN' : 'en')}>
        {t('common.language')}
      </Button>
    </>
  );
  return (
    <div style={{ minHeight: '100dvh', background: '#fff', maxWidth: 640, margin: '0 auto' }}>
      <TopBar
        back={pending ? t('login.back') : null}
        onBack={() => setPending(null)}
        style={{ background: '#c8161d', color: '#fff' }}
      >
        {t('app.titleMember')}
      </TopBar>
      {!pending ? (
        <Form
          layout="horizontal"
          onFinish={(v: { username: string; password: string }) =>
            run(() => loginWithPassword(v.username, v.password, 'member'))
          }
          footer={footer}
        >
          <Form.Header>{t('login.title')}</Form.Header>
          <Form.Item
            name="username"
            label={t('login.username')}
            rules={[{ required: true, message: t('login.usernameRequired') }]}
          >
            <Input autoComplete="username" clearable />
          </Form.Item>
          <Form.Item
            name="password"
            label={t('login.password')}
            rules={[{ required: true, message: t('login.passwordRequired') }]}
          >
            <Input type="password" autoComplete="current-password" />
          </Form.Item>
        </Form>
      ) : (
        <Form
          key={pending.challenge}
          layout="vertical"
          onFinish={(v: { code?: string; newPassword?: string }) => run(() => continueLogin(pending, v))}
          footer={footer}
        >
          {pending.step === 'enroll' && pending.enrollment && (
            <Form.Header>
              {t('login.enrollHelp')} {t('login.secret')}：<code>{pending.enrollment.secret}</code>
            </Form.Header>
          )}
          {pending.step === 'password' ? (
            <Form.Item
              name="newPassword"
              label={t('login.newPassword')}
              help={t('login.passwordExpired')}
              rules={[{ required: true }]}
            >
              <Input type="password" autoComplete="new-password" />
            </Form.Item>
          ) : (
            <Form.Item
              name="code"
              label={t('login.totp')}
              help={t('login.totpHelp')}
              rules={[{ required: true, pattern: /^\d{6}$/ }]}
            >
              <Input autoComplete="one-time-code" inputMode="numeric" maxLength={6} />
            </Form.Item>
          )}
        </Form>
      )}
    </div>
  );
}
