import { useDraft } from '@zhanqian/ui/draft';
import { api } from '@zhanqian/ui/trpc';
import { Button, Form, Input, NavBar, TextArea, Toast } from 'antd-mobile';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';

const EMPTY = { title: '', body: '' };

/** 党代表直通车, a new message: the draft stays on the phone until the server has it. */
export default function DirectLinePage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const [draft, setDraft, clearDraft] = useDraft('direct-line', EMPTY);
  const [busy, setBusy] = useState(false);
  const send = async () => {
    setBusy(true);
    try {
      const thread = await api.directLine.open.mutate(draft);
      clearDraft();
      Toast.show({ icon: 'success', content: t('direct.sent') });
      navigate(`/direct-line/${thread.id}`);
    } catch (e) {
      // The draft is kept: nothing typed is lost when the network drops.
      Toast.show({ icon: 'fail', content: e instanceof Error ? e.message : String(e) });
    } finally {
      setBusy(false);
    }
  };
  return (
    <>
      <NavBar onBack={() => navigate('/direct-line')}>{t('home.directLine')}</NavBar>
      <Form
        layout="vertical"
        footer={
          <Button
            block
            color="primary"
            size="large"
            loading={busy}
            onClick={send}
            disabled={!draft.title.trim() || !draft.body.trim()}
          >
            {t('common.submit')}
          </Button>
        }
      >
        <Form.Item label={t('direct.title')}>
          <Input
            value={draft.title}
            onChange={(title) => setDraft({ ...draft, title })}
            placeholder={t('direct.titlePh')}
            maxLength={60}
            data-testid="dl-title"
          />
        </Form.Item>
        <Form.Item label={t('direct.body')} help={t('common.draftSaved')}>
          <TextArea
            value={draft.body}
            onChange={(body) => setDraft({ ...draft, body })}
            placeholder={t('direct.bodyPh')}
            rows={6}
            maxLength={2000}
            showCount
            data-testid="dl-body"
          />
        </Form.Item>
      </Form>
    </>
  );
}
