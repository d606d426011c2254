import { useQuery } from '@tanstack/react-query';
import { Button, Empty, Modal, Result, Space, Spin } from 'antd';
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchFile, inlineFileUrl, saveBlob } from './files.ts';
import { addStrings } from './i18n.ts';

export * from './files.ts';

/**
 * The preview of a stored file every domain shows in the admin console: images and PDF in
 * place, other types named with a download.
 */

let stringsAdded = false;
function ensureStrings() {
  if (stringsAdded) return;
  stringsAdded = true;
  addStrings({
    'zh-CN': {
      'file.preview': '文件预览',
      'file.download': '下载',
      'file.close': '关闭',
      'file.noPreview': '此类型文件不能在线预览（{{size}} KB），请下载查看。',
    },
    en: {
      'file.preview': 'File preview',
      'file.download': 'Download',
      'file.close': 'Close',
      'file.noPreview': 'This type cannot be previewed ({{size}} KB): download it.',
    },
  });
}

/**
 * A stored file in a modal: images and PDF shown in place, other types named with their size;
 * a download button for all. `testId` prefixes the preview and download test ids.
 */
export function FilePreviewModal({
  id,
  onClose,
  title,
  testId = 'evidence',
}: {
  id: string;
  onClose: () => void;
  title?: string;
  testId?: string;
}) {
  ensureStrings();
  const { t } = useTranslation();
  const file = useQuery({
    queryKey: ['files.get', id],
    queryFn: () => fetchFile(id),
    staleTime: 300_000,
  });
  const url = useMemo(() => (file.data ? URL.createObjectURL(file.data.blob) : null), [file.data]);
  useEffect(() => () => void (url && URL.revokeObjectURL(url)), [url]);
  const mime = file.data?.mime ?? '';
  return (
    <Modal
      open
      onCancel={onClose}
      width={820}
      title={file.data?.name ?? title ?? t('file.preview')}
      footer={
        <Space>
          <Button onClick={onClose} data-testid={`${testId}-close`}>
            {t('file.close')}
          </Button>
          <Button
            type="primary"
            disabled={!file.data}
            onClick={() => file.data && saveBlob(file.data.blob, file.data.name)}
            data-testid={`${testId}-download`}
          >
            {t('file.download')}
          </Button>
        </Space>
      }
    >
      <div data-testid={`${testId}-preview`} style={{ minHeight: 200 }}>
        {file.isPending ? (
          <Spin />
        ) : file.isError ? (
          <Result status="error" title={t('common.error')} subTitle={file.error.message} />
        ) : !url ? (
          <Empty />
        ) : mime.startsWith('image/') ? (
          <img
            src={url}
            alt={file.data.name}
            style={{ maxWidth: '100%', maxHeight: 560, display: 'block', margin: '0 auto' }}
          />
        ) : mime === 'application/pdf' ? (
          // the browser's own PDF viewer, framed from the server (a blob: frame is refused by the CSP)
          <iframe
            src={inlineFileUrl(id)}
            title={file.data.name}
            style={{ width: '100%', height: 560, border: 0 }}
          />
        ) : (
          <Result
            status="info"
            title={file.data.name}
            subTitle={t('file.noPreview', { size: Math.ceil(file.data.blob.size / 1024) })}
          />
        )}
      </div>
    </Modal>
  );
}
