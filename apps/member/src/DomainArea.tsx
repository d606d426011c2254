import { RemoteArea, useRemotes } from '@zhanqian/ui/remotes';
import { Button, DotLoading, ErrorBlock, NavBar } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { loadMemberRemote } from './modules.ts';
import { useMe } from './session.ts';

function NotFound() {
  const { t } = useTranslation();
  return <ErrorBlock status="empty" title={t('common.notFound')} description="" />;
}
const notFound = <NotFound />;

/** A screen the user may not open (not on their home page; an address typed in). */
function Forbidden() {
  const { t } = useTranslation();
  return (
    <ErrorBlock
      status="default"
      title={t('common.forbidden')}
      description={t('common.forbiddenText')}
      data-testid="forbidden"
    />
  );
}
const forbidden = <Forbidden />;

/**
 * A domain's phone screens (/m/<domain>/…), from its Module Federation remote. When the remote
 * cannot be loaded or a page throws, this screen alone shows the error panel with retry; the tabs,
 * the home page and the other domains keep working.
 */
export function DomainArea() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const { domain } = useParams();
  const remotes = useRemotes();
  const me = useMe();
  if (remotes.isPending) return <DotLoading />;
  const remote = remotes.data?.remotes.find((r) => r.domain === domain && r.modules.member);
  if (!remote) {
    if (remotes.isError)
      return (
        <ErrorBlock status="default" title={t('common.error')} description={remotes.error.message}>
          <Button onClick={() => void remotes.refetch()}>{t('common.retry')}</Button>
        </ErrorBlock>
      );
    return notFound;
  }
  const name = remote.modules.member!.label[i18n.language === 'en' ? 'en' : 'zh-CN'];
  return (
    <RemoteArea
      // one area per domain: its retries and errors are its own
      key={remote.domain}
      remote={remote}
      side="member"
      load={loadMemberRemote}
      loading={<DotLoading />}
      notFound={notFound}
      permissions={me.data?.permissions}
      forbidden={forbidden}
      renderError={(error, retry) => (
        <>
          <NavBar onBack={() => navigate('/')}>{name}</NavBar>
          <ErrorBlock
            status="default"
            title={t('mf.failed', { name })}
            description={
              <>
                {t('mf.failedText')}
                <br />
                <small>{error instanceof Error ? error.message : String(error)}</small>
              </>
            }
            data-testid="remote-error"
          >
            <Button color="primary" onClick={retry} data-testid="remote-retry">
              {t('common.retry')}
            </Button>
          </ErrorBlock>
        </>
      )}
    />
  );
}
