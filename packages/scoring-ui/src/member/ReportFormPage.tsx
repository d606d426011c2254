import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useDraft } from '@zhanqian/ui/draft';
import { formatPoints, measureToStored, storedToMeasure } from '@zhanqian/ui/format';
import { api } from '@zhanqian/ui/trpc';
import { Button, DotLoading, Form, Input, NavBar, NoticeBar, Selector, TextArea, Toast } from 'antd-mobile';
import { useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import {
  EVIDENCE_ACCEPT,
  EVIDENCE_MAX_BYTES,
  type EvidenceFile,
  previewScore,
  ruleText,
  unitOf,
  uploadEvidence,
  useYear,
  valueLabel,
} from '../shared.ts';
import { PhoneError } from './ReportListPage.tsx';

interface Draft {
  value: string;
  note: string;
  evidence: EvidenceFile | null;
  /** false until the user changes something: the form then shows the last report. */
  touched: boolean;
}
const EMPTY: Draft = { value: '', note: '', evidence: null, touched: false };

/** One indicator's report on the phone: value, note, evidence; the draft stays on the device. */
export default function ReportFormPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { indicatorId } = useParams();
  const { year, years } = useYear();
  const id = Number(indicatorId);
  const mine = useQuery({
    queryKey: ['scoring.report.mine', year],
    queryFn: () => api.scoring.report.mine.query({ year: year! }),
    enabled: year !== undefined,
  });
  const [draft, setDraft, clearDraft] = useDraft<Draft>(`scoring.report.${id}`, EMPTY);
  const [busy, setBusy] = useState(false);
  const [uploading, setUploading] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);
  const back = () => navigate(`/scoring/report?year=${year ?? ''}`);
  const head = <NavBar onBack={back}>{t('sc.m.formTitle')}</NavBar>;
  if (years.isError || mine.isError)
    return (
      <>
        {head}
        <PhoneError error={years.error ?? mine.error} />
      </>
    );
  if (!mine.data)
    return (
      <>
        {head}
        <div style={{ padding: 32, textAlign: 'center' }}>
          <DotLoading />
        </div>
      </>
    );
  const row = mine.data.rows.find((r) => r.indicator.id === id);
  if (!row)
    return (
      <>
        {head}
        <PhoneError error={new Error(t('common.notFound'))} />
      </>
    );
  const ind = row.indicator;
  const report = row.report;
  const choice =
    ind.rule.kind === 'graded'
      ? ind.rule.grades.map((g, i) => ({ label: g.grade, value: String(i) }))
      : ind.rule.kind === 'boolean' || ind.rule.kind === 'veto'
        ? [1, 0].map((v) => ({ label: valueLabel(ind.rule, v, t), value: String(v) }))
        : null;
  // A number is typed in the unit a person reads (7.24 for '%×100') and stored as the integer (724).
  const { label: unitLabel, decimals } = choice ? { label: '', decimals: 0 } : unitOf(ind.unit);
  const shown = (stored: number) => (choice ? String(stored) : String(storedToMeasure(stored, ind.unit)));
  // The draft wins; else the last report (a returned report is corrected, not retyped).
  const form: Draft = draft.touched
    ? draft
    : { value: report ? shown(report.value) : '', note: report?.note ?? '', evidence: null, touched: false };
  const update = (patch: Partial<Draft>) => setDraft({ ...form, ...patch, touched: true });
  const valueText = form.value;
  const typed = decimals ? new RegExp(`^\\d+(\\.\\d{1,${decimals}})?$`) : /^\d+$/;
  const value = typed.test(valueText)
    ? choice
      ? Number(valueText)
      : measureToStored(Number(valueText), ind.unit)
    : null;
  const preview = value === null ? null : previewScore(ind.points, ind.rule, value);
  const editable = mine.data.status === 'open' && report?.status !== 'approved';

  const pick = async (file: File | undefined) => {
    if (!file) return;
    if (file.size > EVIDENCE_MAX_BYTES) {
      Toast.show({ icon: 'fail', content: t('sc.evidence.tooLarge') });
      return;
    }
    setUploading(true);
    try {
      const saved = await uploadEvidence(file);
      update({ evidence: saved });
      Toast.show({ icon: 'success', content: t('sc.evidence.uploaded') });
    } catch (e) {
      Toast.show({ icon: 'fail', content: e instanceof Error ? e.message : String(e) });
    } finally {
      setUploading(false);
      if (fileInput.current) fileInput.current.value = '';
    }
  };

  const send = async () => {
    if (value === null || !mine.data) return;
    setBusy(true);
    try {
      await api.scoring.report.submit.mutate({
        subjectId: mine.data.subject.id,
        indicatorId: ind.id,
        value,
        evidenceId: form.evidence?.id ?? report?.evidence_id ?? null,
        note: form.note.trim() || null,
      });
      clearDraft();
      await queryClient.invalidateQueries({ queryKey: ['scoring.report.mine'] });
      Toast.show({ icon: 'success', content: t('sc.report.submitted') });
      back();
    } catch (e) {
      // The draft is kept: nothing typed is lost when the network drops.
      Toast.show({ icon: 'fail', content: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      {head}
      {report?.status === 'returned' && (
        <NoticeBar
          color="error"
          wrap
          content={t('sc.report.returnedBecause', { reason: report.return_reason ?? '' })}
          data-testid="m-returned"
        />
      )}
      <div style={{ padding: '12px 16px', background: '#fff', marginBottom: 8 }}>
        <div style={{ fontSize: 16, fontWeight: 600, wordBreak: 'break-all' }}>{ind.name}</div>
        <div style={{ fontSize: 12, color: 'var(--adm-color-weak)', marginTop: 4, wordBreak: 'break-all' }}>
          {ind.code} · {t(`sc.kind.${ind.rule.kind}`)} · {formatPoints(ind.points)}
          {t('sc.pointsUnit')} · <span data-testid="m-rule">{ruleText(ind.rule, t, ind.unit)}</span>
        </div>
      </div>
      <Form
        layout="vertical"
        footer={
          <Button
            block
            color="primary"
            size="large"
            loading={busy}
            disabled={!editable || value === null || uploading}
            onClick={send}
            data-testid="m-submit"
          >
            {t('common.submit')}
          </Button>
        }
      >
        <Form.Item label={t('sc.report.value')} help={t(`sc.valueHelp.${ind.rule.kind}`)} required>
          {choice ? (
            <Selector
              options={choice}
              value={valueText === '' ? [] : [valueText]}
              onChange={(v) => update({ value: v[0] ?? '' })}
              disabled={!editable}
              data-testid="m-value"
            />
          ) : (
            <div style={{ display: 'flex', alignItems: 'center', gap: 8 }}>
              <Input
                type="text"
                inputMode={decimals ? 'decimal' : 'numeric'}
                value={valueText}
                onChange={(v) =>
                  update({ value: decimals ? v.replace(/[^\d.]/g, '') : v.replace(/\D/g, '') })
                }
                placeholder={decimals ? t('sc.m.valuePhDecimal', { decimals }) : t('sc.m.valuePh')}
                disabled={!editable}
                aria-label={unitLabel ? `${t('sc.report.value')}（${unitLabel}）` : t('sc.report.value')}
                data-testid="m-value"
                style={{ flex: 1 }}
              />
              {unitLabel && <span style={{ color: '#595959', whiteSpace: 'nowrap' }}>{unitLabel}</span>}
            </div>
          )}
        </Form.Item>
        {preview !== null && ind.rule.kind !== 'veto' && (
          <Form.Item label={t('sc.report.preview')}>
            <span data-testid="m-preview">
              {formatPoints(preview)} / {formatPoints(ind.points)}
            </span>
          </Form.Item>
        )}
        <Form.Item label={t('sc.report.note')} help={t('common.draftSaved')}>
          <TextArea
            value={form.note}
            onChange={(note) => update({ note })}
            rows={3}
            maxLength={2000}
            showCount
            disabled={!editable}
            data-testid="m-note"
          />
        </Form.Item>
        <Form.Item label={t('sc.report.evidence')} help={t('sc.evidence.help')}>
          <input
            ref={fileInput}
            type="file"
            accept={EVIDENCE_ACCEPT}
            style={{ display: 'none' }}
            onChange={(e) => void pick(e.target.files?.[0])}
            data-testid="m-evidence-input"
          />
          <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
            <Button
              size="small"
              loading={uploading}
              disabled={!editable}
              onClick={() => fileInput.current?.click()}
            >
              {t('sc.evidence.upload')}
            </Button>
            <span
              style={{ fontSize: 13, color: '#666', wordBreak: 'break-all' }}
              data-testid="m-evidence-name"
            >
              {form.evidence
                ? form.evidence.name
                : report?.evidence_id
                  ? t('sc.evidence.existing')
                  : t('sc.evidence.none')}
            </span>
            {form.evidence && (
              <Button size="mini" fill="none" color="danger" onClick={() => update({ evidence: null })}>
                {t('sc.evidence.remove')}
              </Button>
            )}
          </div>
        </Form.Item>
      </Form>
    </>
  );
}
