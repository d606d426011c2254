import { useQueryClient } from '@tanstack/react-query';
import { setLocale } from '@zhanqian/ui/i18n';
import { api } from '@zhanqian/ui/trpc';
import { Button, List, NavBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMe } from '../session.ts';

export default function MePage() {
  const { t, i18n } = useTranslation();
  const me = useMe().data!;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  return (
    <>
      <NavBar back={null}>{t('tab.me')}</NavBar>
      <List>
        <List.Item extra={me.displayName}>{me.username}</List.Item>
        <List.Item extra={t(`role.${me.role}`)}>{t('me.role')}</List.Item>
        <List.Item extra={me.unit.name}>{t('me.unit')}</List.Item>
        <List.Item
          onClick={() => setLocale(i18n.language === 'en' ? 'zh-CN' : 'en')}
          data-testid="lang-switch"
        >
          {t('common.language')}
        </List.Item>
      </List>
      <div style={{ padding: 16 }}>
        <Button
          block
          color="danger"
          fill="outline"
          onClick={async () => {
            await api.auth.logout.mutate().catch(() => {});
            queryClient.clear();
            navigate('/login');
          }}
        >
          {t('common.logout')}
        </Button>
      </div>
    </>
  );
}
