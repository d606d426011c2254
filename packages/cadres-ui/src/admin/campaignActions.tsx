import { useMutation, useQueryClient } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import { App, Button, Popconfirm } from 'antd';
import { useTranslation } from 'react-i18next';
import { nextStage, type Stage } from '../shared/strings.ts';
import { errorMessage } from './ui.tsx';

/** Refreshes everything a campaign step can change. */
export function useInvalidateCampaigns() {
  const qc = useQueryClient();
  return () =>
    Promise.all([
      qc.invalidateQueries({ queryKey: ['cadres.campaigns.board'] }),
      qc.invalidateQueries({ queryKey: ['cadres.campaigns.get'] }),
      qc.invalidateQueries({ queryKey: ['cadres.nominations.posts'] }),
    ]);
}

/**
 * "Advance to <next stage>", confirmed; the server's guard decides, and its localized refusal
 * (e.g. scores missing, publicity still running) is shown as it comes.
 */
export function AdvanceButton({
  campaign,
  size,
  block,
}: {
  campaign: { id: number; title: string; stage: string };
  size?: 'small' | 'middle';
  block?: boolean;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateCampaigns();
  const to = nextStage(campaign.stage);
  const move = useMutation({
    mutationFn: (target: Stage) => api.cadres.campaigns.transition.mutate({ id: campaign.id, to: target }),
    onSuccess: async (r) => {
      message.success(t('cadres.camp.advanced', { stage: t(`cadres.stage.${r.campaign.stage}`) }));
      await invalidate();
    },
    onError: (e) => message.error(errorMessage(e), 6),
  });
  if (!to) return null;
  const stage = t(`cadres.stage.${to}`);
  return (
    <Popconfirm
      title={t('cadres.camp.advanceConfirm', { title: campaign.title, stage })}
      onConfirm={() => move.mutate(to)}
      okButtonProps={{ 'data-testid': `advance-ok-${campaign.id}` } as Record<`data-${string}`, string>}
    >
      <Button
        type="primary"
        size={size}
        block={block}
        style={{ whiteSpace: 'normal', height: 'auto', minHeight: size === 'small' ? 24 : 32 }}
        loading={move.isPending}
        data-testid={`advance-${campaign.id}`}
      >
        {t('cadres.camp.advance', { stage })}
      </Button>
    </Popconfirm>
  );
}

export function CancelButton({ campaign }: { campaign: { id: number; stage: string } }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const invalidate = useInvalidateCampaigns();
  const cancel = useMutation({
    mutationFn: () => api.cadres.campaigns.transition.mutate({ id: campaign.id, to: 'cancelled' }),
    onSuccess: async () => {
      message.success(t('cadres.stage.cancelled'));
      await invalidate();
    },
    onError: (e) => message.error(errorMessage(e), 6),
  });
  if (campaign.stage === 'appointed' || campaign.stage === 'cancelled') return null;
  return (
    <Popconfirm title={t('cadres.camp.cancelConfirm')} onConfirm={() => cancel.mutate()}>
      <Button danger loading={cancel.isPending}>
        {t('cadres.camp.cancel')}
      </Button>
    </Popconfirm>
  );
}
