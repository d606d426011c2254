import { PaperClipOutlined } from '@ant-design/icons';
import { FilePreviewModal } from '@zhanqian/ui/file-preview';
import { Button, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';

/** A link to an evidence file: opens a preview (images, PDF) with a download button. */
export function EvidenceLink({ id }: { id: string | null | undefined }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  if (!id) return <Typography.Text type="secondary">{t('sc.evidence.none')}</Typography.Text>;
  return (
    <>
      <Button
        size="small"
        type="link"
        icon={<PaperClipOutlined />}
        onClick={() => setOpen(true)}
        data-testid="evidence-link"
      >
        {t('sc.evidence.view')}
      </Button>
      {open && <EvidenceModal id={id} onClose={() => setOpen(false)} />}
    </>
  );
}

/** The shared preview of a stored file (images and PDF in place), as every domain shows evidence. */
function EvidenceModal({ id, onClose }: { id: string; onClose: () => void }) {
  const { t } = useTranslation();
  return <FilePreviewModal id={id} onClose={onClose} title={t('sc.evidence.title')} />;
}
