import { useQueryClient } from '@tanstack/react-query';
import { setLocale } from '@zhanqian/ui/i18n';
import { api } from '@zhanqian/ui/trpc';
import { Button, Form, Input, NavBar, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const submit = async (values: { username: string; password: string }) => {
    setBusy(true);
    try {
      await api.auth.login.mutate(values);
      queryClient.clear();
      navigate('/');
    } catch (e) {
      Toast.show({ icon: 'fail', content: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ minHeight: '100dvh', background: '#fff', maxWidth: 640, margin: '0 auto' }}>
      <NavBar back={null} style={{ background: '#c8161d', color: '#fff' }}>
        {t('app.titleMember')}
      </NavBar>
      <Form
        layout="horizontal"
        onFinish={submit}
        footer={
          <>
            <Button block type="submit" color="primary" size="large" loading={busy}>
              {t('login.submit')}
            </Button>
            <Button block fill="none" onClick={() => setLocale(i18n.language === 'en' ? 'zh-CN' : 'en')}>
              {t('common.language')}
            </Button>
          </>
        }
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
    </div>
  );
}
