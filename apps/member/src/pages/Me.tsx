import { useQueryClient } from '@tanstack/react-query';
import { setLocale } from '@zhanqian/ui/i18n';
import { api } from '@zhanqian/ui/trpc';
import { Button, List } from 'antd-mobile';
import { UserOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useMe } from '../session.ts';
import { TopBar } from '../TopBar.tsx';

export default function MePage() {
  const { t, i18n } = useTranslation();
  const me = useMe().data!;
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  // the person first (their name on the member roll), the account's username beneath
  const name = me.memberName ?? me.displayName;
  return (
    <>
      <TopBar>{t('tab.me')}</TopBar>
      <div
        style={{ display: 'flex', alignItems: 'center', gap: 14, padding: 16, background: '#fff' }}
        data-testid="me-person"
      >
        <span
          aria-hidden
          style={{
            display: 'grid',
            placeItems: 'center',
            width: 56,
            height: 56,
            flex: 'none',
            borderRadius: '50%',
            background: '#fdecec',
            color: '#c8161d',
            fontSize: 30,
          }}
        >
          <UserOutline />
        </span>
        <div style={{ minWidth: 0 }}>
          <div style={{ fontSize: 22, fontWeight: 600, overflowWrap: 'anywhere' }} data-testid="me-name">
            {name}
          </div>
          <div style={{ color: 'var(--adm-color-weak)', marginTop: 4 }} data-testid="me-username">
            {t('me.account')}：{me.username}
          </div>
        </div>
      </div>
      <List>
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
