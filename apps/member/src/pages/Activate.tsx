import { useQueryClient } from '@tanstack/react-query';
import { addStrings } from '@zhanqian/ui/i18n';
import { loginWithPassword } from '@zhanqian/ui/login';
import { api } from '@zhanqian/ui/trpc';
import { Button, Form, Input, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { TopBar } from '../TopBar.tsx';

addStrings({
  'zh-CN': {
    'activate.title': '激活账号',
    'activate.intro': '请输入激活单上的账号和激活码，并设置您自己的登录密码。激活码只能使用一次。',
    'activate.code': '激活码',
    'activate.password': '新密码',
    'activate.passwordHelp': '至少 8 位，包含大写字母、小写字母、数字、符号中的三类，不含账号',
    'activate.confirm': '确认密码',
    'activate.mismatch': '两次输入的密码不一致',
    'activate.submit': '激活并登录',
    'activate.done': '账号已激活',
    'activate.toLogin': '已有密码？去登录',
  },
  en: {
    'activate.title': 'Activate my account',
    'activate.intro':
      'Enter the user name and activation code from your activation sheet, and choose your own password. The code works once.',
    'activate.code': 'Activation code',
    'activate.password': 'New password',
    'activate.passwordHelp':
      'At least 8 characters, three of upper case, lower case, digits and symbols, not the user name',
    'activate.confirm': 'Confirm password',
    'activate.mismatch': 'The passwords differ',
    'activate.submit': 'Activate and sign in',
    'activate.done': 'Account activated',
    'activate.toLogin': 'Have a password? Sign in',
  },
});

interface Values {
  username: string;
  code: string;
  newPassword: string;
  confirm: string;
}

/**
 * First sign-in of an account created from the roster: user name + activation code from the
 * printed sheet, and a password of the person's own; then signs in with it.
 */
export default function ActivatePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [form] = Form.useForm<Values>();
  const submit = async (v: Values) => {
    setBusy(true);
    try {
      await api.accounts.activate.mutate({ username: v.username, code: v.code, newPassword: v.newPassword });
      Toast.show({ icon: 'success', content: t('activate.done') });
      const answer = await loginWithPassword(v.username, v.newPassword, 'member');
      queryClient.clear();
      // A role with a second factor continues on the sign-in page.
      navigate(answer.status === 'ok' ? '/' : '/login');
    } catch (e) {
      Toast.show({ icon: 'fail', content: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <div style={{ minHeight: '100dvh', background: '#fff', maxWidth: 640, margin: '0 auto' }}>
      <TopBar style={{ background: '#c8161d', color: '#fff' }}>{t('activate.title')}</TopBar>
      <Form
        form={form}
        layout="vertical"
        onFinish={submit}
        footer={
          <>
            <Button block type="submit" color="primary" size="large" loading={busy}>
              {t('activate.submit')}
            </Button>
            <Button block fill="none" onClick={() => navigate('/login')}>
              {t('activate.toLogin')}
            </Button>
          </>
        }
      >
        <Form.Header>{t('activate.intro')}</Form.Header>
        <Form.Item name="username" label={t('login.username')} rules={[{ required: true }]}>
          <Input autoComplete="username" clearable />
        </Form.Item>
        <Form.Item name="code" label={t('activate.code')} rules={[{ required: true }]}>
          <Input autoComplete="one-time-code" placeholder="XXXX-XXXX-XXXX" clearable />
        </Form.Item>
        <Form.Item
          name="newPassword"
          label={t('activate.password')}
          help={t('activate.passwordHelp')}
          rules={[{ required: true, min: 8 }]}
        >
          <Input type="password" autoComplete="new-password" />
        </Form.Item>
        <Form.Item
          name="confirm"
          label={t('activate.confirm')}
          dependencies={['newPassword']}
          rules={[
            { required: true },
            {
              validator: (_, value) =>
                value === form.getFieldValue('newPassword')
                  ? Promise.resolve()
                  : Promise.reject(new Error(t('activate.mismatch'))),
            },
          ]}
        >
          <Input type="password" autoComplete="new-password" />
        </Form.Item>
      </Form>
    </div>
  );
}
