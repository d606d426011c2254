import { RemoteArea, useRemotes } from '@zhanqian/ui/remotes';
import { Button, Result, Spin } from 'antd';
import { useTranslation } from 'react-i18next';
import { useParams } from 'react-router';
import { loadAdminRemote } from './modules.ts';
import { ErrorState, Forbidden, NotFound } from './pages/Status.tsx';
import { useMe } from './session.ts';

const notFound = <NotFound />;

/**
 * A department's screens (/admin/<domain>/…), from its Module Federation remote. When the remote
 * cannot be loaded or a page throws, this area alone shows the error panel; the menu and the other
 * departments keep working.
 */
export function DomainArea() {
  const { t, i18n } = useTranslation();
  const { domain } = useParams();
  const remotes = useRemotes();
  const me = useMe();
  if (remotes.isPending) return <Spin tip={t('common.loading')} />;
  if (remotes.isError) return <ErrorState error={remotes.error} onRetry={() => remotes.refetch()} />;
  const remote = remotes.data.remotes.find((r) => r.domain === domain && r.modules.admin);
  if (!remote) return notFound;
  const name = remote.modules.admin!.label[i18n.language === 'en' ? 'en' : 'zh-CN'];
  return (
    <RemoteArea
      // one area per domain: its retries and errors are its own
      key={remote.domain}
      remote={remote}
      side="admin"
      load={loadAdminRemote}
      loading={<Spin tip={t('common.loading')} />}
      notFound={notFound}
      // a page the user may not open (not in their menu; an address typed in): 无权访问
      permissions={me.data?.permissions}
      forbidden={<Forbidden />}
      renderError={(error, retry) => (
        <Result
          status="error"
          title={t('mf.failed', { name })}
          subTitle={
            <>
              {t('mf.failedText')}
              <br />
              <small>{error instanceof Error ? error.message : String(error)}</small>
            </>
          }
          extra={
            <Button type="primary" onClick={retry} data-testid="remote-retry">
              {t('common.retry')}
            </Button>
          }
          data-testid="remote-error"
        />
      )}
    />
  );
}
