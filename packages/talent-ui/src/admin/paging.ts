/**
 * The paging of the talent office's server-paged tables (registry, applications, ledger):
 * size changer, "N in total", and one callback for page and size.
 */
export function serverPaging(
  t: (key: string, options: { count: number }) => string,
  page: number,
  pageSize: number,
  total: number,
  onChange: (page: number, pageSize: number) => void,
) {
  return {
    current: page,
    pageSize,
    total,
    showSizeChanger: true,
    showTotal: (n: number) => t('common.total', { count: n }),
    onChange,
  };
}
