import { Alert, Button, Modal, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import './strings.ts';

export interface OneTimePassword {
  username: string;
  displayName: string;
  initialPassword: string;
}

/**
 * A one-time initial password, shown once (a new account, or a reset): the answer that carries
 * it is the only place it exists in clear; closing the dialog forgets it.
 */
export function PasswordOnce({ value, onClose }: { value: OneTimePassword | null; onClose: () => void }) {
  const { t } = useTranslation();
  return (
    <Modal
      open={value !== null}
      title={t('usersx.passwordTitle')}
      onCancel={onClose}
      maskClosable={false}
      footer={
        <Button type="primary" onClick={onClose} data-testid="password-once-close">
          {t('usersx.close')}
        </Button>
      }
      destroyOnHidden
    >
      {value && (
        <>
          <Alert type="warning" showIcon title={t('usersx.passwordHelp')} style={{ marginBottom: 16 }} />
          <Typography.Paragraph>
            {t('usersx.passwordAccount', { username: value.username, name: value.displayName })}
          </Typography.Paragraph>
          <Typography.Text code copyable style={{ fontSize: 20 }} data-testid="password-once">
            {value.initialPassword}
          </Typography.Text>
        </>
      )}
    </Modal>
  );
}
