import { useQuery } from '@tanstack/react-query';
import { visibleModules } from '@zhanqian/ui/modules';
import { api } from '@zhanqian/ui/trpc';
import { Badge, List } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useDomainModules } from '../modules.ts';
import { useMe } from '../session.ts';
import { TopBar } from '../TopBar.tsx';
import AwaitingRole from './AwaitingRole.tsx';

/** What to do next, by role: the domains' phone screens first, then inbox and the direct line. */
export default function HomePage() {
  const me = useMe().data!;
  // Activated before the security administrator granted a role (#14): told so, not an empty portal.
  if (me.role === 'pending') return <AwaitingRole />;
  return <Portal />;
}

function Portal() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const me = useMe().data!;
  const lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  const inbox = useQuery({
    queryKey: ['inbox.list', 1],
    queryFn: () => api.inbox.list.query({ page: 1, pageSize: 5 }),
  });
  const modules = visibleModules(useDomainModules(), me.permissions);
  const roleHint = ['member', 'branch_secretary', 'unit_reporter'].includes(me.role)
    ? t(`home.${me.role}`)
    : t('home.other');
  return (
    <>
      <TopBar style={{ background: '#c8161d', color: '#fff' }}>{t('app.titleMember')}</TopBar>
      <div style={{ padding: '16px 16px 4px', fontSize: 18 }} data-testid="hello">
        {t('home.hello', { name: me.memberName ?? me.displayName })}
      </div>
      <div style={{ padding: '0 16px 8px', color: 'var(--adm-color-weak)' }} data-testid="role-hint">
        {t(`role.${me.role}`)} · {roleHint}
      </div>
      <List header={t('home.todo')}>
        {modules.flatMap((m) =>
          m.routes
            .filter((r) => r.menu !== false)
            .map((r) => (
              <List.Item
                key={`${m.key}/${r.path}`}
                onClick={() => navigate(r.path ? `/${m.key}/${r.path}` : `/${m.key}`)}
              >
                {r.label[lang]}
              </List.Item>
            )),
        )}
        <List.Item
          onClick={() => navigate('/inbox')}
          extra={inbox.data?.unread ? <Badge content={inbox.data.unread} /> : undefined}
          description={t('home.inboxDesc', { count: inbox.data?.unread ?? 0 })}
        >
          {t('tab.inbox')}
        </List.Item>
        <List.Item
          onClick={() => navigate('/direct-line')}
          description={t('home.directLineDesc')}
          data-testid="direct-line-link"
        >
          {t('home.directLine')}
        </List.Item>
      </List>
    </>
  );
}
