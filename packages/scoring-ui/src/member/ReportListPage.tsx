import { useQuery } from '@tanstack/react-query';
import { formatPoints } from '@zhanqian/ui/format';
import { api, errorCode } from '@zhanqian/ui/trpc';
import {
  Button,
  CapsuleTabs,
  DotLoading,
  ErrorBlock,
  List,
  NavBar,
  NoticeBar,
  ProgressBar,
  Tag,
} from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { useYear, valueLabel } from '../shared.ts';

const TAG: Record<string, 'primary' | 'success' | 'danger' | 'default'> = {
  reported: 'primary',
  approved: 'success',
  returned: 'danger',
  none: 'default',
};

export function PhoneError({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const forbidden = errorCode(error) === 'FORBIDDEN';
  return (
    <div data-testid={forbidden ? 'forbidden' : 'error-state'}>
      <ErrorBlock
        status={forbidden ? 'disconnected' : 'default'}
        title={forbidden ? `403 ${t('common.forbidden')}` : t('common.error')}
        description={
          forbidden ? t('common.forbiddenText') : error instanceof Error ? error.message : String(error)
        }
      >
        {onRetry && !forbidden && (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        )}
      </ErrorBlock>
    </div>
  );
}

/** 指标填报 on the phone: the unit's indicators that still need a report first. */
export default function ReportListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { year, years } = useYear();
  const [tab, setTab] = useState('todo');
  const mine = useQuery({
    queryKey: ['scoring.report.mine', year],
    queryFn: () => api.scoring.report.mine.query({ year: year! }),
    enabled: year !== undefined,
  });
  const head = (
    <NavBar onBack={() => navigate('/')}>
      {t('sc.m.title')}
      {year ? ` · ${year}` : ''}
    </NavBar>
  );
  if (years.isError || mine.isError) {
    const err = years.error ?? mine.error;
    return (
      <>
        {head}
        <PhoneError
          error={err}
          onRetry={() => {
            void years.refetch();
            void mine.refetch();
          }}
        />
      </>
    );
  }
  if (!mine.data)
    return (
      <>
        {head}
        <div style={{ padding: 32, textAlign: 'center' }}>
          <DotLoading />
        </div>
      </>
    );
  const { counts, rows, status } = mine.data;
  const open = status === 'open';
  const shown = rows.filter((r) => tab === 'all' || r.report?.status !== 'approved');
  return (
    <>
      {head}
      {!open && (
        <NoticeBar
          content={t('sc.report.readOnly', { status: t(`sc.scheme.status.${status}`) })}
          color="info"
        />
      )}
      <div style={{ padding: '12px 16px', background: '#fff' }} data-testid="m-progress">
        <div
          style={{
            display: 'flex',
            justifyContent: 'space-between',
            fontSize: 13,
            color: '#666',
            marginBottom: 6,
          }}
        >
          <span>{t('sc.m.approvedOf', { approved: counts.approved, total: counts.indicators })}</span>
          <span>
            {t('sc.status.reported')} {counts.reported} · {t('sc.status.returned')} {counts.returned}
          </span>
        </div>
        {/* antd-mobile's bar is a bare div: the progress bar's role, value and name are given here */}
        <div
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={100}
          aria-valuenow={Math.round((100 * counts.approved) / Math.max(1, counts.indicators))}
          aria-label={t('sc.m.approvedOf', { approved: counts.approved, total: counts.indicators })}
        >
          <ProgressBar percent={Math.round((100 * counts.approved) / Math.max(1, counts.indicators))} />
        </div>
      </div>
      <CapsuleTabs activeKey={tab} onChange={setTab}>
        <CapsuleTabs.Tab title={t('sc.report.todo')} key="todo" />
        <CapsuleTabs.Tab title={t('sc.report.all')} key="all" />
      </CapsuleTabs>
      {shown.length === 0 ? (
        <ErrorBlock status="empty" title={t('sc.report.nothingTodo')} description="" />
      ) : (
        <List data-testid="m-report-list">
          {shown.map((r) => {
            const s = r.report?.status ?? 'none';
            const canEdit = open && s !== 'approved';
            return (
              <List.Item
                key={r.indicator.id}
                data-testid={`m-ind-${r.indicator.code}`}
                onClick={
                  canEdit ? () => navigate(`/scoring/report/${r.indicator.id}?year=${year}`) : undefined
                }
                arrow={canEdit}
                extra={<Tag color={TAG[s]}>{t(`sc.status.${s}`)}</Tag>}
                description={
                  <div style={{ fontSize: 12 }}>
                    {r.indicator.code} · {t(`sc.kind.${r.indicator.rule.kind}`)} ·{' '}
                    {formatPoints(r.indicator.points)}
                    {t('sc.pointsUnit')}
                    {r.report && ` · ${valueLabel(r.indicator.rule, r.report.value, t, r.indicator.unit)}`}
                    {s === 'returned' && (
                      <div style={{ color: '#cf1322' }}>
                        {t('sc.report.reason')}：{r.report?.return_reason}
                      </div>
                    )}
                  </div>
                }
              >
                <span style={{ wordBreak: 'break-all' }}>{r.indicator.name}</span>
              </List.Item>
            );
          })}
        </List>
      )}
    </>
  );
}
