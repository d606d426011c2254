import { useQuery } from '@tanstack/react-query';
import { formatPercent } from '@zhanqian/ui/format';
import { api, errorCode } from '@zhanqian/ui/trpc';
import { Card, DotLoading, Empty, ErrorBlock, List, NavBar, Tag } from 'antd-mobile';
import { CheckCircleFill, CloseCircleOutline } from 'antd-mobile-icons';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { addStarsStrings } from '../setup.ts';
import { currentYear, explainText } from '../shared.ts';
import { PhoneError } from './Status.tsx';

addStarsStrings();

/** A member's own stars (criteria met and missed, certification explained), zone and households. */
export default function MinePage() {
  const { t, i18n } = useTranslation();
  const navigate = useNavigate();
  const year = currentYear();
  const mine = useQuery({ queryKey: ['stars.mine', year], queryFn: () => api.stars.mine.query({ year }) });
  const nav = <NavBar onBack={() => navigate('/')}>{t('stars.m.mine')}</NavBar>;
  if (mine.isError)
    return (
      <>
        {nav}
        {errorCode(mine.error) === 'NOT_FOUND' ? (
          <ErrorBlock status="empty" title={t('stars.m.notMember')} description="" />
        ) : (
          <PhoneError error={mine.error} onRetry={() => mine.refetch()} />
        )}
      </>
    );
  if (!mine.data)
    return (
      <>
        {nav}
        <div style={{ padding: 24, textAlign: 'center' }}>
          <DotLoading />
        </div>
      </>
    );
  const { member, zone, explanation: e, households, householdTotal } = mine.data;
  const tenHouseholds = households.filter((h) => h.stars === 10).length;
  return (
    <>
      {nav}
      <Card style={{ margin: 12 }} data-testid="mine-card">
        <div style={{ fontSize: 18, fontWeight: 600 }}>{member.name}</div>
        <div style={{ color: 'var(--adm-color-weak)', fontSize: 13 }}>{member.branchName}</div>
        <div
          style={{ fontSize: 22, color: '#d48806', margin: '8px 0', letterSpacing: 1 }}
          data-testid="mine-stars"
        >
          {'★'.repeat(e.stars)}
          <span style={{ color: '#ddd' }}>{'★'.repeat(10 - e.stars)}</span>
        </div>
        <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap', alignItems: 'center' }}>
          <Tag color={e.tenStar ? 'success' : e.tenStar === false ? 'warning' : 'default'}>
            {e.tenStar
              ? t('stars.certified')
              : e.tenStar === false
                ? t('stars.notCertified')
                : t('stars.notComputed')}
          </Tag>
          <span style={{ fontSize: 13 }}>{t('stars.starsN', { count: e.stars })}</span>
        </div>
        <div style={{ marginTop: 8, fontSize: 13 }} data-testid="mine-zone">
          {t('stars.m.myZone')}：{zone?.name ?? '—'} · {t('stars.tenLevel.household')} {tenHouseholds}/
          {householdTotal}
        </div>
        <div style={{ marginTop: 4, fontSize: 13, color: '#555' }} data-testid="mine-explain">
          {explainText(e, (k, v) => t(k, v ?? {}), i18n.language === 'en' ? 'en' : 'zh-CN')}
        </div>
      </Card>
      <List
        header={`${t('stars.m.myHouseholds')}（${t('stars.tenLevel.household')} ${formatPercent(tenHouseholds, householdTotal)}）`}
        data-testid="mine-households"
      >
        {households.length === 0 ? (
          <Empty description={t('common.empty')} />
        ) : (
          households.map((h) => (
            <List.Item
              key={h.id}
              extra={
                <Tag color={h.stars === 10 ? 'danger' : 'default'} fill="outline">
                  ★{h.stars}
                </Tag>
              }
              data-testid={`mine-household-${h.id}`}
            >
              {h.name}
            </List.Item>
          ))
        )}
      </List>
      <List header={t('stars.criteria')}>
        {e.criteria.map((c) => (
          <List.Item
            key={c.position}
            prefix={
              c.met ? (
                <CheckCircleFill color="#00b578" fontSize={18} />
              ) : (
                <CloseCircleOutline color="#ff8f1f" fontSize={18} />
              )
            }
            extra={c.met ? t('stars.criterionMet') : t('stars.criterionMissing')}
          >
            {c.position}. {c.name}
          </List.Item>
        ))}
      </List>
    </>
  );
}
