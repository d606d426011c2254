import { useMutation, useQuery } from '@tanstack/react-query';
import { setLocale } from '@zhanqian/ui/i18n';
import { api } from '@zhanqian/ui/trpc';
import { Alert, Button, Card, Col, Form, Input, Result, Row, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { downloadBlob } from './download.ts';
import './strings.ts';

const ROLES = ['district_admin', 'sys_admin', 'sec_admin', 'audit_admin'] as const;
type Role = (typeof ROLES)[number];
const DEFAULTS: Record<Role, { username: string; displayName: string }> = {
  district_admin: { username: 'admin', displayName: '区委组织部管理员' },
  sys_admin: { username: 'sysadmin', displayName: '系统管理员' },
  sec_admin: { username: 'secadmin', displayName: '安全管理员' },
  audit_admin: { username: 'auditadmin', displayName: '审计管理员' },
};

interface Values {
  code: string;
  districtName: string;
  districtCode: string;
  admins: Record<Role, { username: string; displayName: string }>;
}

/**
 * 首次设置: on an empty database, whoever holds the setup code printed on the server's console
 * creates the district and its four administrators, and sees their initial passwords once.
 */
export default function SetupPage() {
  const { t, i18n } = useTranslation();
  const status = useQuery({ queryKey: ['setup.status'], queryFn: () => api.setup.status.query() });
  const init = useMutation({
    mutationFn: (v: Values) =>
      api.setup.init.mutate({
        code: v.code,
        district: { name: v.districtName, code: v.districtCode },
        admins: v.admins,
      }),
  });
  const done = init.data;
  const download = () => {
    if (!done) return;
    const lines = [
      `${done.district.name} (${done.district.code})`,
      '',
      `${t('users.role')}\t${t('setup.username')}\t${t('setup.displayName')}\t${t('setup.password')}`,
      ...done.accounts.map((a) => `${t(`role.${a.role}`)}\t${a.username}\t${a.displayName}\t${a.password}`),
      '',
      t('setup.doneHelp'),
    ];
    downloadBlob(
      new Blob([`\ufeff${lines.join('\r\n')}`], { type: 'text/plain;charset=utf-8' }),
      `${done.district.name}_管理员初始账号.txt`,
    );
  };

  return (
    <div style={{ minHeight: '100vh', background: '#f5f5f5', padding: '32px 16px' }}>
      <Card style={{ maxWidth: 880, margin: '0 auto' }} title={t('setup.title')}>
        {done ? (
          <Result
            status="success"
            title={t('setup.done')}
            subTitle={`${done.district.name} (${done.district.code})`}
            extra={[
              <Button key="dl" type="primary" onClick={download} data-testid="setup-download">
                {t('setup.download')}
              </Button>,
              <Link key="login" to="/login">
                <Button>{t('setup.toLogin')}</Button>
              </Link>,
            ]}
          >
            <Alert type="warning" showIcon title={t('setup.doneHelp')} style={{ marginBottom: 16 }} />
            <Table
              rowKey="username"
              size="small"
              pagination={false}
              dataSource={done.accounts}
              data-testid="setup-accounts"
              columns={[
                { title: t('users.role'), dataIndex: 'role', render: (r: string) => t(`role.${r}`) },
                { title: t('setup.username'), dataIndex: 'username' },
                { title: t('setup.displayName'), dataIndex: 'displayName' },
                {
                  title: t('setup.password'),
                  dataIndex: 'password',
                  render: (p: string) => (
                    <Typography.Text code copyable>
                      {p}
                    </Typography.Text>
                  ),
                },
              ]}
            />
          </Result>
        ) : status.data && !status.data.empty ? (
          <Result
            status="info"
            title={t('setup.notEmpty')}
            extra={
              <Link to="/login">
                <Button type="primary">{t('setup.toLogin')}</Button>
              </Link>
            }
          />
        ) : (
          <Form<Values>
            layout="vertical"
            requiredMark={false}
            initialValues={{ admins: DEFAULTS }}
            onFinish={(v) => init.mutate(v)}
          >
            <Typography.Paragraph>{t('setup.intro')}</Typography.Paragraph>
            {status.data && !status.data.codeIssued && (
              <Alert type="info" showIcon title={t('setup.noCode')} style={{ marginBottom: 16 }} />
            )}
            <Form.Item
              name="code"
              label={t('setup.code')}
              extra={t('setup.codeHelp')}
              rules={[{ required: true }]}
            >
              <Input autoComplete="off" placeholder="XXXX-XXXX-XXXX" style={{ maxWidth: 240 }} autoFocus />
            </Form.Item>
            <Row gutter={16}>
              <Col xs={24} md={12}>
                <Form.Item name="districtName" label={t('setup.districtName')} rules={[{ required: true }]}>
                  <Input placeholder="站前区" />
                </Form.Item>
              </Col>
              <Col xs={24} md={12}>
                <Form.Item
                  name="districtCode"
                  label={t('setup.districtCode')}
                  rules={[{ required: true, pattern: /^[A-Za-z0-9_-]+$/ }]}
                >
                  <Input placeholder="ZQ" />
                </Form.Item>
              </Col>
            </Row>
            {ROLES.map((role) => (
              <Row gutter={16} key={role}>
                <Col xs={24} md={6}>
                  <Typography.Text strong style={{ lineHeight: '32px' }}>
                    {t(`role.${role}`)}
                  </Typography.Text>
                </Col>
                <Col xs={12} md={9}>
                  <Form.Item
                    name={['admins', role, 'username']}
                    rules={[
                      { required: true, pattern: /^[A-Za-z0-9_.@-]{2,64}$/, message: t('setup.username') },
                    ]}
                  >
                    <Input addonBefore={t('setup.username')} autoComplete="off" />
                  </Form.Item>
                </Col>
                <Col xs={12} md={9}>
                  <Form.Item name={['admins', role, 'displayName']} rules={[{ required: true }]}>
                    <Input addonBefore={t('setup.displayName')} />
                  </Form.Item>
                </Col>
              </Row>
            ))}
            {init.error && (
              <Alert
                type="error"
                title={init.error.message}
                style={{ marginBottom: 16 }}
                data-testid="setup-error"
              />
            )}
            <Button type="primary" htmlType="submit" loading={init.isPending}>
              {t('setup.submit')}
            </Button>
            <Button type="link" onClick={() => setLocale(i18n.language === 'en' ? 'zh-CN' : 'en')}>
              {t('common.language')}
            </Button>
          </Form>
        )}
      </Card>
    </div>
  );
}
