import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useDraft } from '@zhanqian/ui/draft';
import { formatDateTime } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import {
  Button,
  Card,
  Dialog,
  ErrorBlock,
  Form,
  List,
  NavBar,
  NoticeBar,
  Selector,
  Skeleton,
  Steps,
  Tag,
  TextArea,
} from 'antd-mobile';
import { useState } from 'react';
import { useNavigate } from 'react-router';
import {
  type EligibilityReason,
  errorText,
  KINDS,
  PATH,
  reasonText,
  type SubsidyKind,
  type SubsidyStatus,
  useLang,
} from '../shared/session.ts';
import { addTalentMemberStrings } from '../shared/setup-member.ts';
import { type MemberAttachment, MyAttachments } from './Attachments.tsx';

addTalentMemberStrings();

const EMPTY = { kind: '', note: '' };
const LIVE = ['submitted', 'reviewed', 'approved', 'disbursed'];
const TAG_COLOR: Record<SubsidyStatus, string> = {
  submitted: 'primary',
  reviewed: 'primary',
  approved: 'warning',
  disbursed: 'success',
  rejected: 'danger',
  withdrawn: 'default',
  cancelled: 'danger',
};

/** 人才补贴申请: a talent applies for a settling or housing subsidy (draft kept on the phone) and follows it. */
export default function MySubsidiesPage() {
  const { t, lang, yuan } = useLang();
  const navigate = useNavigate();
  const qc = useQueryClient();
  const [draft, setDraft, clearDraft] = useDraft('talent-apply', EMPTY);
  const [busy, setBusy] = useState(false);
  // Inline feedback and a declarative dialog: antd-mobile's imperative Toast/Dialog.confirm need
  // a React 19 render adapter the shell does not install.
  const [notice, setNotice] = useState<{ ok: boolean; text: string } | null>(null);
  const [confirmId, setConfirmId] = useState<number | null>(null);
  const mine = useQuery({
    queryKey: ['talent.applications.mine'],
    queryFn: () => api.talent.applications.mine.query(),
  });
  const header = (
    <NavBar onBack={() => navigate('/')} style={{ background: '#fff' }}>
      {t('tl.m.title')}
    </NavBar>
  );
  if (mine.isPending)
    return (
      <>
        {header}
        <div style={{ padding: 16 }}>
          <Skeleton.Title animated />
          <Skeleton.Paragraph lineCount={5} animated />
        </div>
      </>
    );
  if (mine.isError)
    return (
      <>
        {header}
        <ErrorBlock status="default" title={t('common.error')} description={errorText(mine.error)}>
          <Button onClick={() => void mine.refetch()}>{t('common.retry')}</Button>
        </ErrorBlock>
      </>
    );
  const { talent, applications, eligibility } = mine.data;
  const attachments = (mine.data.attachments ?? {}) as Record<string, MemberAttachment[]>;
  if (!talent || !eligibility)
    return (
      <>
        {header}
        <ErrorBlock
          status="empty"
          title={t('tl.m.notTalent')}
          description={t('tl.m.notTalentText')}
          data-testid="tl-m-not-talent"
        />
      </>
    );

  const taken = (k: SubsidyKind) => applications.some((a) => a.kind === k && LIVE.includes(a.status));
  const open = KINDS.filter((k) => eligibility[k].eligible && !taken(k));
  const kind = open.includes(draft.kind as SubsidyKind) ? (draft.kind as SubsidyKind) : undefined;

  const send = async () => {
    if (!kind) return;
    setBusy(true);
    try {
      await api.talent.applications.submit.mutate({ kind, note: draft.note.trim() || undefined });
      clearDraft();
      setNotice({ ok: true, text: t('tl.m.submitted') });
      await qc.invalidateQueries({ queryKey: ['talent.applications.mine'] });
    } catch (e) {
      // the draft stays on the device
      setNotice({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
    }
  };
  const withdraw = async (id: number) => {
    try {
      await api.talent.applications.withdraw.mutate({ id });
      setNotice({ ok: true, text: t('tl.action.done', { action: t('tl.action.withdraw') }) });
      await qc.invalidateQueries({ queryKey: ['talent.applications.mine'] });
    } catch (e) {
      setNotice({ ok: false, text: errorText(e) });
    }
  };

  return (
    <>
      {header}
      {notice && (
        <NoticeBar
          content={notice.text}
          color={notice.ok ? 'info' : 'error'}
          closeable
          onClose={() => setNotice(null)}
          wrap
          data-testid="tl-m-notice"
        />
      )}
      <Dialog
        visible={confirmId !== null}
        content={t('tl.m.withdrawConfirm')}
        closeOnAction
        onClose={() => setConfirmId(null)}
        onAction={(action) => {
          if (action.key === 'ok' && confirmId !== null) void withdraw(confirmId);
        }}
        actions={[
          [
            { key: 'cancel', text: t('common.cancel') },
            { key: 'ok', text: t('tl.action.withdraw'), bold: true, danger: true },
          ],
        ]}
      />
      <List header={t('tl.m.myRecord')} data-testid="tl-m-record">
        <List.Item extra={t(`tl.via.${talent.introduced_via}`)} description={talent.employer}>
          <span data-testid="tl-m-name">{talent.name}</span>
        </List.Item>
        <List.Item extra={talent.introduced_on}>{talent.field_name}</List.Item>
      </List>

      <List header={t('tl.m.myApps')} style={{ marginTop: 12 }} data-testid="tl-m-apps">
        {applications.length === 0 && <List.Item>{t('tl.m.noApps')}</List.Item>}
      </List>
      {applications.map((a) => {
        const status = a.status as SubsidyStatus;
        const i = PATH.indexOf(status);
        const failed = i < 0;
        const current = failed ? (status === 'cancelled' ? 2 : a.reviewed_at ? 1 : 0) : i;
        return (
          <Card
            key={a.id}
            style={{ margin: '8px 12px', borderRadius: 8 }}
            title={`${t(`tl.kind.${a.kind}`)} · ${yuan(a.amount_fen)}`}
            extra={
              <Tag color={TAG_COLOR[status]} data-testid={`tl-m-status-${a.kind}`}>
                {t(`tl.status.${status}`)}
              </Tag>
            }
            data-testid={`tl-m-app-${a.kind}`}
          >
            <Steps
              current={current}
              style={{ '--title-font-size': '13px', padding: 0 } as React.CSSProperties}
            >
              {PATH.map((s, idx) => (
                <Steps.Step
                  key={s}
                  title={failed && idx === current ? t(`tl.status.${status}`) : t(`tl.status.${s}`)}
                  status={
                    idx < current
                      ? 'finish'
                      : idx === current
                        ? failed
                          ? 'error'
                          : status === 'disbursed'
                            ? 'finish'
                            : 'process'
                        : 'wait'
                  }
                />
              ))}
            </Steps>
            <div style={{ fontSize: 12, color: 'var(--adm-color-weak)', marginTop: 4 }}>
              {t('tl.app.appliedAt')} {formatDateTime(a.applied_at)}
              {a.decision_reason && (
                <div style={{ color: '#c8161d' }}>
                  {t('tl.app.decision')}：{a.decision_reason}
                </div>
              )}
            </div>
            <MyAttachments
              applicationId={a.id}
              subsidyKind={a.kind}
              status={status}
              list={attachments[a.id] ?? []}
              onNotice={setNotice}
            />
            {(status === 'submitted' || status === 'reviewed') && (
              <Button size="small" fill="outline" style={{ marginTop: 8 }} onClick={() => setConfirmId(a.id)}>
                {t('tl.action.withdraw')}
              </Button>
            )}
          </Card>
        );
      })}
      <Form
        layout="vertical"
        style={{ marginTop: 12 }}
        footer={
          open.length > 0 && (
            <Button
              block
              color="primary"
              size="large"
              loading={busy}
              disabled={!kind}
              onClick={send}
              data-testid="tl-m-submit"
            >
              {t('common.submit')}
            </Button>
          )
        }
      >
        <Form.Header>{t('tl.m.apply')}</Form.Header>
        <Form.Item label={t('tl.m.kind')}>
          <Selector
            columns={2}
            options={KINDS.map((k) => ({
              value: k,
              label: t(`tl.kind.${k}`),
              description: taken(k)
                ? t('tl.m.already')
                : eligibility[k].eligible
                  ? yuan(eligibility[k].amountFen)
                  : t('tl.m.ineligible'),
              disabled: !open.includes(k),
            }))}
            value={kind ? [kind] : []}
            onChange={(v) => setDraft({ ...draft, kind: v[0] ?? '' })}
            data-testid="tl-m-kind"
          />
        </Form.Item>
        {KINDS.filter((k) => !taken(k)).map((k) => (
          <div
            key={k}
            style={{ padding: '0 16px 8px', fontSize: 12, color: 'var(--adm-color-weak)' }}
            data-testid={`tl-m-elig-${k}`}
          >
            <div style={{ color: '#333' }}>{t(`tl.kind.${k}`)}</div>
            {eligibility[k].reasons.map((r) => (
              <div
                key={r.code}
                style={{ color: r.ok ? 'var(--adm-color-weak)' : '#c8161d', overflowWrap: 'anywhere' }}
              >
                {r.ok ? '✓ ' : '✗ '}
                {reasonText(t, lang, r as EligibilityReason, k)}
              </div>
            ))}
          </div>
        ))}
        {open.length > 0 ? (
          <Form.Item label={t('tl.m.note')} help={t('common.draftSaved')}>
            <TextArea
              value={draft.note}
              onChange={(note) => setDraft({ ...draft, note })}
              placeholder={t('tl.m.notePh')}
              rows={3}
              maxLength={500}
              showCount
              data-testid="tl-m-note"
            />
          </Form.Item>
        ) : (
          <div
            style={{ padding: '8px 16px 16px', color: 'var(--adm-color-weak)' }}
            data-testid="tl-m-nothing"
          >
            {t('tl.m.nothingToApply')}
          </div>
        )}
      </Form>

      <div style={{ height: 16 }} />
    </>
  );
}
