import { useQuery, useQueryClient } from '@tanstack/react-query';
import { useDraft } from '@zhanqian/ui/draft';
import { api } from '@zhanqian/ui/trpc';
import {
  Button,
  Checkbox,
  DotLoading,
  Empty,
  List,
  NavBar,
  Picker,
  ProgressBar,
  Tag,
  Toast,
} from 'antd-mobile';
import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useSearchParams } from 'react-router';
import { addStarsStrings } from '../setup.ts';
import { currentYear, type EntityRow } from '../shared.ts';
import { PhoneError } from './Status.tsx';

addStarsStrings();

type RateLevel = 'household' | 'member';
type Draft = { marks: Record<string, number[]> };
const EMPTY_DRAFT: Draft = { marks: {} };

export const RateHouseholds = () => <RatePage level="household" />;
export const RateMembers = () => <RatePage level="member" />;

/**
 * A secretary works down a list, one household (zone by zone) or one member a screen: the ten
 * criteria to tick, previous/next, the position and how many are rated. Ticks not yet saved stay on
 * the phone (a draft per entity) until the server has them.
 */
function RatePage({ level }: { level: RateLevel }) {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const [params, setParams] = useSearchParams();
  const year = currentYear();
  const me = useQuery({ queryKey: ['auth.me'], queryFn: () => api.auth.me.query(), staleTime: 60_000 });
  const scope = me.data?.scopeRootId;
  const criteria = useQuery({
    queryKey: ['stars.criteria', year, level],
    queryFn: () => api.stars.criteria.query({ year, level }),
  });
  // Households are rated zone by zone: the members of the branch are the zones.
  const members = useQuery({
    queryKey: ['stars.entities', year, 'member', scope, null],
    queryFn: () => api.stars.entities.query({ year, level: 'member', unitId: scope, pageSize: 500 }),
    enabled: scope !== undefined,
  });
  const zoneParam = Number(params.get('zone')) || undefined;
  const zone = level === 'household' ? (zoneParam ?? members.data?.rows[0]?.id) : undefined;
  const list = useQuery({
    queryKey: ['stars.entities', year, level, scope, zone ?? null],
    queryFn: () =>
      level === 'member'
        ? Promise.resolve(members.data!)
        : api.stars.entities.query({ year, level, unitId: scope, memberId: zone, pageSize: 500 }),
    enabled: scope !== undefined && (level === 'member' ? members.isSuccess : zone !== undefined),
  });
  const [draft, setDraft] = useDraft<Draft>(`stars.${level}.${year}.${scope ?? 0}`, EMPTY_DRAFT);
  const [zonePicker, setZonePicker] = useState(false);
  const [busy, setBusy] = useState(false);
  const iParam = params.get('i');
  const index = iParam === null ? null : Number(iParam);
  const top = useRef<HTMLDivElement>(null);
  // Each entity starts at the top of its screen (the shell scrolls, not the window).
  useEffect(() => {
    top.current?.scrollIntoView({ block: 'start' });
  }, [index, zone]);

  const setParam = (next: Record<string, string | null>) =>
    setParams(
      (p) => {
        for (const [k, v] of Object.entries(next)) v === null ? p.delete(k) : p.set(k, v);
        return p;
      },
      { replace: true },
    );

  const title = level === 'household' ? t('stars.m.rateHouseholds') : t('stars.m.rateMembers');
  const error = criteria.error ?? members.error ?? list.error;
  if (error)
    return (
      <>
        <NavBar onBack={() => navigate('/stars')}>{title}</NavBar>
        <PhoneError
          error={error}
          onRetry={() => void queryClient.invalidateQueries({ queryKey: ['stars.entities'] })}
        />
      </>
    );
  const rows = list.data?.rows;
  const names = criteria.data?.[0]?.criteria.map((c) => c.name) ?? [];
  const zoneRow = members.data?.rows.find((m) => m.id === zone);
  if (!rows || !criteria.data || (level === 'household' && !members.data))
    return (
      <>
        <NavBar onBack={() => navigate('/stars')}>{title}</NavBar>
        <div style={{ padding: 24, textAlign: 'center' }}>
          <DotLoading />
        </div>
      </>
    );
  const rated = rows.filter((r) => r.rated).length;
  const progress = (
    <div style={{ padding: '8px 16px', background: '#fff' }} data-testid="rate-progress">
      <div
        style={{
          display: 'flex',
          justifyContent: 'space-between',
          fontSize: 13,
          color: '#666',
          marginBottom: 6,
        }}
      >
        <span>{t('stars.m.progress', { rated, total: rows.length })}</span>
        {index !== null && <span>{t('stars.m.position', { n: index + 1, total: rows.length })}</span>}
      </div>
      <ProgressBar
        percent={
          index !== null ? ((index + 1) * 100) / rows.length : rows.length ? (rated * 100) / rows.length : 0
        }
        style={{ '--fill-color': '#c8161d' }}
      />
    </div>
  );
  const zoneBar = level === 'household' && (
    <>
      <List style={{ '--padding-left': '16px' }}>
        <List.Item
          prefix={<span style={{ color: 'var(--adm-color-weak)' }}>{t('stars.m.chooseZone')}</span>}
          onClick={() => setZonePicker(true)}
          data-testid="zone-picker"
        >
          {zoneRow?.name ?? '—'}
        </List.Item>
      </List>
      <Picker
        visible={zonePicker}
        onClose={() => setZonePicker(false)}
        columns={[(members.data?.rows ?? []).map((m) => ({ label: m.name, value: String(m.id) }))]}
        value={zone ? [String(zone)] : []}
        onConfirm={(v) => v[0] && setParam({ zone: String(v[0]), i: null })}
      />
    </>
  );

  if (index === null || !rows[index])
    return (
      <>
        <NavBar onBack={() => navigate('/stars')}>{title}</NavBar>
        {zoneBar}
        {progress}
        {rows.length === 0 ? (
          <Empty description={t('common.empty')} />
        ) : (
          <List data-testid="rate-list">
            {rows.map((r, i) => (
              <List.Item
                key={r.id}
                onClick={() => setParam({ i: String(i) })}
                extra={<RowTags row={r} draft={draft.marks[r.id]} />}
                data-testid={`rate-item-${r.id}`}
              >
                {r.name}
              </List.Item>
            ))}
          </List>
        )}
      </>
    );

  const row = rows[index];
  const marks = draft.marks[row.id] ?? row.met;
  const hasDraft = draft.marks[row.id] !== undefined;
  const setMarks = (next: number[]) =>
    setDraft({ marks: { ...draft.marks, [row.id]: [...next].sort((a, b) => a - b) } });
  const go = (i: number) => setParam({ i: String(i) });
  const save = async () => {
    setBusy(true);
    try {
      await api.stars.rate.mutate({ year, level, id: row.id, met: marks });
      const { [row.id]: _saved, ...rest } = draft.marks;
      setDraft({ marks: rest });
      await queryClient.invalidateQueries({ queryKey: ['stars.entities'] });
      Toast.show({ icon: 'success', content: t('stars.m.saved') });
      if (index + 1 < rows.length) go(index + 1);
      else {
        Toast.show({ content: t('stars.m.allDone') });
        setParam({ i: null });
      }
    } catch (e) {
      // The ticks stay in the draft on the phone: nothing is lost when the network drops.
      Toast.show({ icon: 'fail', content: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };

  return (
    <div style={{ paddingBottom: 72 }} ref={top}>
      <NavBar onBack={() => setParam({ i: null })}>{title}</NavBar>
      {level === 'household' && zoneRow && (
        <div style={{ padding: '8px 16px 0', color: 'var(--adm-color-weak)', fontSize: 13 }}>
          {t('stars.zoneOf', { name: zoneRow.name, count: rows.length })}
        </div>
      )}
      {progress}
      <div style={{ padding: '12px 16px', background: '#fff', marginTop: 8 }}>
        <div style={{ fontSize: 20, fontWeight: 600 }} data-testid="rate-name">
          {row.name}
        </div>
        <div style={{ marginTop: 4, display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>
          <span style={{ color: '#d48806', fontSize: 16 }} data-testid="rate-stars">
            ★ {marks.length}/10
          </span>
          {hasDraft && (
            <Tag color="warning" fill="outline">
              {t('stars.draft')}
            </Tag>
          )}
        </div>
        {level === 'member' && row.childrenTotal !== null && (
          <div style={{ color: '#666', fontSize: 13, marginTop: 4 }} data-testid="rate-share">
            {t('stars.tenLevel.household')} {row.childrenTen}/{row.childrenTotal} ·{' '}
            {row.tenStar ? t('stars.certified') : t('stars.notCertified')}
          </div>
        )}
        {hasDraft && (
          <div style={{ color: 'var(--adm-color-weak)', fontSize: 12, marginTop: 4 }}>
            {t('stars.m.draftKept')}
          </div>
        )}
      </div>
      <List header={t('stars.criteria')}>
        <Checkbox.Group value={marks} onChange={(v) => setMarks(v as number[])}>
          {names.map((name, i) => (
            <List.Item key={name || i}>
              <Checkbox value={i + 1} block data-testid={`m-criterion-${i + 1}`}>
                {i + 1}. {name}
              </Checkbox>
            </List.Item>
          ))}
        </Checkbox.Group>
      </List>
      <div
        style={{
          position: 'sticky',
          bottom: 0,
          display: 'flex',
          gap: 8,
          padding: '8px 12px',
          background: '#fff',
          borderTop: '1px solid #eee',
        }}
      >
        <Button disabled={index === 0 || busy} onClick={() => go(index - 1)} data-testid="rate-prev">
          {t('stars.m.prev')}
        </Button>
        <Button color="primary" style={{ flex: 1 }} loading={busy} onClick={save} data-testid="rate-save">
          {index + 1 < rows.length ? t('stars.m.saveNext') : t('stars.m.save')}
        </Button>
        <Button
          disabled={index + 1 >= rows.length || busy}
          onClick={() => go(index + 1)}
          data-testid="rate-next"
        >
          {t('stars.m.next')}
        </Button>
      </div>
    </div>
  );
}

function RowTags({ row, draft }: { row: EntityRow; draft: number[] | undefined }) {
  const { t } = useTranslation();
  return (
    <span style={{ display: 'inline-flex', gap: 4, alignItems: 'center' }}>
      {draft && (
        <Tag color="warning" fill="outline">
          {t('stars.draft')}
        </Tag>
      )}
      {row.rated ? (
        <Tag color={row.stars === 10 ? 'danger' : 'default'} fill="outline">
          ★{row.stars}
        </Tag>
      ) : (
        <Tag>{t('stars.unrated')}</Tag>
      )}
    </span>
  );
}
