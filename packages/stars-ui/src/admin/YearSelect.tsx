import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { currentYear } from '../shared.ts';

/** The year being looked at, kept in the address (?year=) so a link or a reload keeps it. */
export function useYear(): [number, (year: number) => void] {
  const [params, setParams] = useSearchParams();
  const year = Number(params.get('year')) || currentYear();
  return [
    year,
    (y: number) =>
      setParams(
        (p) => {
          p.set('year', String(y));
          return p;
        },
        { replace: true },
      ),
  ];
}

export function YearSelect({ year, onChange }: { year: number; onChange: (year: number) => void }) {
  const { t } = useTranslation();
  const now = currentYear();
  const years = Array.from({ length: 5 }, (_, i) => now - i);
  return (
    <Select
      value={year}
      onChange={onChange}
      style={{ width: 120 }}
      aria-label={t('stars.year')}
      data-testid="year-select"
      options={years.map((y) => ({ value: y, label: t('stars.yearN', { year: y }) }))}
    />
  );
}
