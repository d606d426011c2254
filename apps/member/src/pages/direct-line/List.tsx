import { useQuery } from '@tanstack/react-query';
import { api } from '@zhanqian/ui/trpc';
import { Button, DotLoading, Empty, ErrorBlock, List, NavBar, Tag } from 'antd-mobile';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router';
import { STATUS_COLOR } from './status.ts';

/** 党代表直通车: my threads with the department, and a way to write a new one. */
export default function DirectLineListPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const list = useQuery({
    queryKey: ['directLine.list', 'm'],
    queryFn: () => api.directLine.list.query({ page: 1, pageSize: 50 }),
  });
  return (
    <>
      <NavBar
        onBack={() => navigate('/')}
        right={
          <Button
            size="mini"
            color="primary"
            onClick={() => navigate('/direct-line/new')}
            data-testid="dl-new"
          >
            {t('direct.new')}
          </Button>
        }
      >
        {t('home.directLine')}
      </NavBar>
      {list.isPending ? (
        <DotLoading />
      ) : list.isError ? (
        <ErrorBlock status="default" description={list.error.message} />
      ) : list.data.rows.length === 0 ? (
        <Empty description={t('direct.none')} />
      ) : (
        <List header={t('direct.mine')}>
          {list.data.rows.map((r) => (
            <List.Item
              key={r.id}
              onClick={() => navigate(`/direct-line/${r.id}`)}
              description={t('direct.due', { date: r.due_on })}
              extra={<Tag color={STATUS_COLOR[r.status]}>{t(`direct.status.${r.status}`)}</Tag>}
              data-testid={`dl-thread-${r.id}`}
            >
              {r.title}
            </List.Item>
          ))}
        </List>
      )}
    </>
  );
}
