import { useMutation } from '@tanstack/react-query';
import { childKindsOf, type OrgKind, parentKindsOf } from '@zhanqian/org/kinds';
import { api } from '@zhanqian/ui/trpc';
import { Alert, App, Form, Input, Modal, Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DateField, ymd } from './DateField.tsx';
import { UnitPicker } from './UnitPicker.tsx';

export type UnitAction = 'addChild' | 'rename' | 'move' | 'merge' | 'dissolve';

export interface UnitRef {
  id: number;
  name: string;
  kind: OrgKind;
  parent_id: number | null;
}

interface Values {
  name?: string;
  code?: string;
  kind?: Exclude<OrgKind, 'district'>;
  target?: number;
  effectiveOn?: { format(f: string): string };
}

const TITLES: Record<UnitAction, string> = {
  addChild: 'orgm.addChild',
  rename: 'orgm.rename',
  move: 'orgm.move',
  merge: 'orgm.merge',
  dissolve: 'orgm.dissolve',
};

/**
 * One dialog per unit action. Targets are picked in the tree (only units of a fitting kind
 * can be chosen; the server checks again, with scope); merge and dissolve ask once more
 * before they run, since neither can be undone.
 */
export function UnitDialog({
  action,
  unit,
  onClose,
  onDone,
}: {
  action: UnitAction;
  unit: UnitRef;
  onClose: () => void;
  onDone: () => void;
}) {
  const { t } = useTranslation();
  const { message, modal } = App.useApp();
  const [form] = Form.useForm<Values>();
  // The picked unit's name, for the confirmation of a merge.
  const [targetName, setTargetName] = useState('');

  const run = useMutation({
    mutationFn: async (v: Values) => {
      const effectiveOn = ymd(v.effectiveOn);
      switch (action) {
        case 'addChild':
          return api.org.createUnit.mutate({
            parentId: unit.id,
            kind: v.kind!,
            name: v.name!,
            code: v.code!,
          });
        case 'rename':
          return api.org.renameUnit.mutate({ id: unit.id, name: v.name!, effectiveOn });
        case 'move':
          return api.org.moveUnit.mutate({ id: unit.id, parentId: v.target!, effectiveOn });
        case 'merge':
          return api.org.mergeUnits.mutate({ fromId: unit.id, intoId: v.target!, effectiveOn });
        case 'dissolve':
          return api.org.dissolveUnit.mutate({ id: unit.id, effectiveOn });
      }
    },
    onSuccess: (r) => {
      if (r && 'movedMembers' in r) {
        void message.success(
          t('orgm.mergeDone', { units: r.movedUnits.length, members: r.movedMembers.length }),
        );
      } else void message.success(t('orgm.done'));
      if (r && 'accountsToReview' in r && r.accountsToReview > 0)
        void message.warning(t('orgm.accountsToReview', { count: r.accountsToReview }), 8);
      onDone();
    },
    onError: (e) => void message.error(e.message),
  });

  const submit = (v: Values) => {
    if (action !== 'merge' && action !== 'dissolve') return run.mutate(v);
    modal.confirm({
      title:
        action === 'merge'
          ? t('orgm.confirmMerge', { from: unit.name, into: targetName })
          : t('orgm.confirmDissolve', { name: unit.name }),
      content: t('orgm.irreversible'),
      okButtonProps: { danger: true },
      okText: t(TITLES[action]),
      onOk: () => run.mutateAsync(v).catch(() => undefined),
    });
  };

  const childKinds = childKindsOf(unit.kind);
  return (
    <Modal
      open
      title={`${t(TITLES[action])}：${unit.name}`}
      okText={t(TITLES[action])}
      okButtonProps={{ danger: action === 'dissolve' || action === 'merge', id: 'unit-dialog-ok' }}
      confirmLoading={run.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={submit} data-testid={`unit-dialog-${action}`}>
        {action === 'addChild' && (
          <>
            <Form.Item
              name="kind"
              label={t('orgm.kind')}
              initialValue={childKinds[0]}
              rules={[{ required: true, message: t('orgm.required', { field: t('orgm.kind') }) }]}
            >
              <Select options={childKinds.map((k) => ({ value: k, label: t(`kind.${k}`) }))} />
            </Form.Item>
            <Form.Item
              name="code"
              label={t('orgm.code')}
              extra={t('orgm.codeHelp')}
              rules={[
                { required: true, message: t('orgm.required', { field: t('orgm.code') }) },
                { pattern: /^[A-Za-z0-9_-]{1,40}$/, message: t('orgm.codeHelp') },
              ]}
            >
              <Input maxLength={40} />
            </Form.Item>
          </>
        )}
        {(action === 'addChild' || action === 'rename') && (
          <Form.Item
            name="name"
            label={action === 'rename' ? t('orgm.newName') : t('orgm.name')}
            initialValue={action === 'rename' ? unit.name : undefined}
            rules={[
              { required: true, whitespace: true, message: t('orgm.required', { field: t('orgm.name') }) },
            ]}
          >
            <Input maxLength={100} data-testid="field-name" />
          </Form.Item>
        )}
        {(action === 'move' || action === 'merge') && (
          <Form.Item
            name="target"
            label={action === 'move' ? t('orgm.newParent') : t('orgm.mergeInto')}
            extra={action === 'merge' ? t('orgm.mergeHelp', { name: unit.name }) : undefined}
            rules={[{ required: true, message: t('orgm.pickTarget') }]}
          >
            <UnitPicker
              data-testid="field-target"
              onLabel={(label) => setTargetName(label.replace(/（.*）$/, ''))}
              selectable={(u) =>
                action === 'move'
                  ? u.id !== unit.parent_id && u.id !== unit.id && parentKindsOf(unit.kind).includes(u.kind)
                  : u.id !== unit.id && u.kind === unit.kind
              }
            />
          </Form.Item>
        )}
        {action === 'dissolve' && (
          <Alert type="warning" showIcon title={t('orgm.dissolveHelp')} style={{ marginBottom: 16 }} />
        )}
        {action !== 'addChild' && <DateField />}
      </Form>
    </Modal>
  );
}
