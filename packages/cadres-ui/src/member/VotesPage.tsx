import { useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import { Button, Card, Checkbox, Dialog, List, NavBar, Space, Tag, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { addCadreStrings } from '../shared/strings.ts';
import { memberStrings } from './strings.ts';
import { MobileState } from './ui.tsx';

addCadreStrings(memberStrings);

type Round = Awaited<ReturnType<typeof api.cadres.self.votes.query>>['rows'][number];

/**
 * 公推直选投票: the rounds the member is an elector of. An open round not yet voted in shows its
 * ballot (at most as many marks as seats, blank allowed); afterwards only "已投票" — the app
 * keeps no trace of the choice, and the server none that leads back to the member.
 */
export default function VotesPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const votes = useQuery({
    queryKey: ['cadres.self.votes'],
    queryFn: () => api.cadres.self.votes.query({}),
    refetchOnWindowFocus: true,
  });
  return (
    <>
      <NavBar onBack={() => navigate('/')}>{t('cadres.m.votes')}</NavBar>
      <div
        role="note"
        style={{
          padding: '10px 16px',
          background: '#f0f5ff',
          color: '#1d39c4',
          fontSize: 14,
          lineHeight: 1.5,
        }}
      >
        {t('cadres.m.voteSecret')}
      </div>
      <MobileState query={votes}>
        {(data) => (
          <div data-testid="votes">
            {data.rows.length === 0 && (
              <List>
                <List.Item>{t('cadres.m.noVotes')}</List.Item>
              </List>
            )}
            {data.rows.map((r) => (
              <RoundCard key={r.id} r={r} />
            ))}
          </div>
        )}
      </MobileState>
    </>
  );
}

function RoundCard({ r }: { r: Round }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [marked, setMarked] = useState<number[]>([]);
  const [busy, setBusy] = useState(false);
  const names = new Map(r.candidates.map((c) => [c.id, c.name]));
  const cast = async () => {
    const ok = await Dialog.confirm({
      content:
        marked.length === 0
          ? t('cadres.m.voteConfirmBlank')
          : t('cadres.m.voteConfirm', { names: marked.map((id) => names.get(id)).join('、') }),
      confirmText: t('cadres.m.voteCast'),
      cancelText: t('cadres.m.voteBack'),
    });
    if (!ok) return;
    setBusy(true);
    try {
      await api.cadres.self.cast.mutate({ voteId: r.id, choices: marked });
      setMarked([]);
      Toast.show({ icon: 'success', content: t('cadres.m.voted') });
      await queryClient.invalidateQueries({ queryKey: ['cadres.self.votes'] });
    } catch (e) {
      Toast.show({ icon: 'fail', content: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  const status = r.voted ? 'voted' : r.open ? 'open' : r.status === 'counted' ? 'counted' : 'closed';
  return (
    <Card style={{ margin: 12 }} data-testid={`vote-${r.id}`}>
      <div style={{ fontSize: 17, fontWeight: 600 }}>{r.campaignTitle}</div>
      <div style={{ color: '#595959', margin: '6px 0' }}>
        {r.unitName} · {r.vacancyTitle} · {t('cadres.m.voteRound', { round: r.round })}
      </div>
      <Space wrap style={{ '--gap': '6px' }}>
        <Tag
          color={status === 'voted' ? 'success' : status === 'open' ? 'danger' : 'default'}
          data-testid="vote-status"
        >
          {t(`cadres.m.voteStatus.${status}`)}
        </Tag>
        {r.status === 'counted' && r.voted && <Tag color="default">{t('cadres.m.voteStatus.counted')}</Tag>}
        <Tag fill="outline">{t('cadres.m.voteSeats', { seats: r.seats })}</Tag>
      </Space>
      {r.open && !r.voted && (
        <div style={{ marginTop: 12 }} data-testid="ballot">
          <div style={{ marginBottom: 8, color: '#595959' }}>
            {t('cadres.m.voteHint', { seats: r.seats })}
          </div>
          <Checkbox.Group value={marked} onChange={(v) => setMarked(v as number[])}>
            <Space direction="vertical" block>
              {r.candidates.map((c) => (
                <Checkbox
                  key={c.id}
                  value={c.id}
                  disabled={!marked.includes(c.id) && marked.length >= r.seats}
                  data-testid={`ballot-${c.id}`}
                >
                  <span style={{ fontWeight: 600 }}>{c.name}</span>
                  <span style={{ color: '#595959', marginLeft: 8, fontSize: 13 }}>{c.post}</span>
                </Checkbox>
              ))}
            </Space>
          </Checkbox.Group>
          <Button
            block
            color="primary"
            style={{ marginTop: 16 }}
            loading={busy}
            onClick={() => void cast()}
            data-testid="vote-cast"
          >
            {t('cadres.m.voteCast')}
          </Button>
        </div>
      )}
      {r.status === 'counted' && (
        <div style={{ marginTop: 12 }} data-testid="vote-outcome">
          {r.quorumMet === false
            ? t('cadres.m.voteNoQuorum')
            : r.elected && r.elected.length > 0
              ? t('cadres.m.voteElected', { names: r.elected.map((id) => names.get(id)).join('、') })
              : t('cadres.m.voteNoneElected')}
        </div>
      )}
    </Card>
  );
}
