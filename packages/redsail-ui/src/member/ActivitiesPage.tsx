import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { formatDateTime } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import { Button, Card, ErrorBlock, NavBar, NoticeBar, Skeleton, Tag } from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import { errorText, todayShanghai, useLang } from '../shared/session.ts';
import { addRedsailMemberStrings } from '../shared/setup-member.ts';

addRedsailMemberStrings();

type Activity = Awaited<ReturnType<typeof api.redsail.member.activities.query>>[number];

/**
 * 站点活动签到: the red area work stations' activities of the last month and ahead; on an
 * activity's day a member signs in to it, once.
 */
export default function ActivitiesPage() {
  const { t } = useLang();
  const navigate = useNavigate();
  const qc = useQueryClient();
  // Inline feedback: antd-mobile's imperative Toast needs a React 19 adapter the shell does not install.
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const list = useQuery({
    queryKey: ['redsail.member.activities'],
    queryFn: () => api.redsail.member.activities.query(),
  });
  const signIn = useMutation({
    mutationFn: (a: Activity) => api.redsail.member.signIn.mutate({ activityId: a.id }),
    onSuccess: (_r, a) => {
      setNotice({ ok: true, text: t('rs.m.signedIn', { title: a.title }) });
      void qc.invalidateQueries({ queryKey: ['redsail.member.activities'] });
    },
    onError: (e) => setNotice({ ok: false, text: errorText(e) }),
  });
  const today = todayShanghai();
  const header = (
    <NavBar onBack={() => navigate('/')} style={{ background: '#fff' }}>
      {t('rs.m.title')}
    </NavBar>
  );
  if (list.isPending)
    return (
      <>
        {header}
        <div style={{ padding: 16 }}>
          <Skeleton.Title animated />
          <Skeleton.Paragraph lineCount={5} animated />
        </div>
      </>
    );
  if (list.isError)
    return (
      <>
        {header}
        <ErrorBlock status="default" title={t('rs.m.error')} description={errorText(list.error)} />
        <div style={{ padding: 16 }}>
          <Button block onClick={() => void list.refetch()}>
            {t('common.retry')}
          </Button>
        </div>
      </>
    );
  const todays = list.data.filter((a) => a.planned_on === today);
  const upcoming = list.data.filter((a) => a.planned_on > today);
  const past = list.data.filter((a) => a.planned_on < today).reverse();
  const section = (title: string, rows: Activity[]) =>
    rows.length > 0 && (
      <section style={{ padding: '8px 12px' }}>
        <h2 style={{ fontSize: 15, margin: '8px 4px' }}>{title}</h2>
        {rows.map((a) => (
          <Card key={a.id} style={{ marginBottom: 8 }} data-testid={`rs-m-activity-${a.id}`}>
            <div style={{ fontWeight: 600, fontSize: 16 }}>{a.title}</div>
            <div style={{ color: 'var(--adm-color-text-secondary)', margin: '4px 0 8px' }}>
              {a.planned_on} · {a.station_name}
              {a.place ? ` · ${a.place}` : ''}
            </div>
            {a.signedIn ? (
              <Tag color="success" data-testid="rs-m-signed">
                {t('rs.m.signedAt', { at: formatDateTime(a.signed_at) })}
              </Tag>
            ) : a.canSignIn ? (
              <Button
                color="primary"
                block
                loading={signIn.isPending && signIn.variables?.id === a.id}
                onClick={() => signIn.mutate(a)}
                data-testid="rs-m-signin"
              >
                {t('rs.m.signIn')}
              </Button>
            ) : a.planned_on > today ? (
              <Tag color="primary" fill="outline">
                {t('rs.m.notYet')}
              </Tag>
            ) : (
              <Tag color="default">{t('rs.m.missed')}</Tag>
            )}
          </Card>
        ))}
      </section>
    );
  return (
    <>
      {header}
      {notice && (
        <NoticeBar
          color={notice.ok ? 'success' : 'error'}
          content={notice.text}
          closeable
          onClose={() => setNotice(null)}
          data-testid="rs-m-notice"
        />
      )}
      {list.data.length === 0 ? (
        <ErrorBlock status="empty" title={t('rs.m.none')} description={t('rs.m.noneText')} />
      ) : (
        <>
          {section(t('rs.m.today'), todays)}
          {section(t('rs.m.upcoming'), upcoming)}
          {section(t('rs.m.past'), past)}
        </>
      )}
    </>
  );
}
