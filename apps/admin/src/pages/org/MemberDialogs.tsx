import { useMutation } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import { Alert, App, Form, Input, Modal } from 'antd';
import { useTranslation } from 'react-i18next';
import { DateField, ymd } from './DateField.tsx';
import { UnitPicker } from './UnitPicker.tsx';

export type MemberAction = 'transfer' | 'transferOut' | 'confirm' | 'death';

export interface MemberRef {
  id: number;
  name: string;
  branchId: number;
}

interface Values {
  toBranchId?: number;
  note?: string;
  to?: string;
  effectiveOn?: { format(f: string): string };
}

const TITLES: Record<MemberAction, string> = {
  transfer: 'member.transfer',
  transferOut: 'member.transferOut',
  confirm: 'member.confirm',
  death: 'member.death',
};
const DATE_LABELS: Record<MemberAction, string> = {
  transfer: 'member.transferDate',
  transferOut: 'member.outDate',
  confirm: 'member.confirmDate',
  death: 'member.deathDate',
};

/**
 * The roster's lifecycle dialogs: 转接 (to a branch picked in the tree), 转出, 转正, 去世. The
 * two that take a member off the roll ask once more before they run.
 */
export function MemberDialog({
  action,
  member,
  onClose,
  onDone,
}: {
  action: MemberAction;
  member: MemberRef;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  const run = useMutation({
    mutationFn: async (v: Values) => {
      const effectiveOn = ymd(v.effectiveOn);
      const memberId = member.id;
      switch (action) {
        case 'transfer':
          return api.org.transferMember.mutate({
            memberId,
            toBranchId: v.toBranchId!,
            effectiveOn,
            note: v.note,
          });
        case 'transferOut':
          return api.org.transferOut.mutate({ memberId, to: v.to!, effectiveOn });
        case 'confirm':
          return api.org.confirmMember.mutate({ memberId, effectiveOn });
        case 'death':
          return api.org.recordDeath.mutate({ memberId, effectiveOn });
      }
    },
    onSuccess: () => {
      void message.success(t('orgm.done'));
      onDone();
    },
    onError: (e) => void message.error(e.message),
  });
  const submit = (v: Values) => {
    if (action !== 'transferOut' && action !== 'death') return run.mutate(v);
    modal.confirm({
      title: t(action === 'death' ? 'member.confirmDeath' : 'member.confirmOut', { name: member.name }),
      content: `${t('member.leftHelp')} ${t('orgm.irreversible')}`,
      okButtonProps: { danger: true },
      okText: t(TITLES[action]),
      onOk: () => run.mutateAsync(v).catch(() => undefined),
    });
  };
  const leaving = action === 'transferOut' || action === 'death';
  return (
    <Modal
      open
      title={`${t(TITLES[action])}：${member.name}`}
      okText={t(TITLES[action])}
      okButtonProps={{ danger: leaving, id: 'member-dialog-ok' }}
      confirmLoading={run.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid={`member-dialog-${action}`}>
        {leaving && (
          <Alert type="warning" showIcon title={t('member.leftHelp')} style={{ marginBottom: 16 }} />
        )}
        {action === 'transfer' && (
          <>
            <Form.Item
              name="toBranchId"
              label={t('member.toBranch')}
              rules={[{ required: true, message: t('orgm.pickTarget') }]}
            >
              <UnitPicker
                data-testid="field-toBranch"
                selectable={(u) => u.kind === 'branch' && u.id !== member.branchId}
              />
            </Form.Item>
            <Form.Item name="note" label={t('member.note')}>
              <Input maxLength={200} />
            </Form.Item>
          </>
        )}
        {action === 'transferOut' && (
          <Form.Item
            name="to"
            label={t('member.outTo')}
            extra={t('member.outToHelp')}
            rules={[
              { required: true, whitespace: true, message: t('orgm.required', { field: t('member.outTo') }) },
            ]}
          >
            <Input maxLength={100} data-testid="field-outTo" />
          </Form.Item>
        )}
        <DateField label={t(DATE_LABELS[action])} />
      </Form>
    </Modal>
  );
}
