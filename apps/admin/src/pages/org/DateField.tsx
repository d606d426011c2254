import { DatePicker, Form } from 'antd';
import { useTranslation } from 'react-i18next';

/** Today in Beijing time, 'YYYY-MM-DD': the latest effective date the server accepts. */
export const todayShanghai = () =>
  new Intl.DateTimeFormat('en-CA', {
    timeZone: 'Asia/Shanghai',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
  }).format(new Date());

/** A DatePicker's value (dayjs) as the API's 'YYYY-MM-DD'. */
export const ymd = (d: { format(f: string): string } | undefined) => d?.format('YYYY-MM-DD');

/** A labelled, required effective-date field; dates after today cannot be picked. */
export function DateField({ name = 'effectiveOn', label }: { name?: string; label?: string }) {
  const { t } = useTranslation();
  const text = label ?? t('orgm.effectiveOn');
  return (
    <Form.Item
      name={name}
      label={text}
      extra={t('orgm.effectiveHelp')}
      rules={[{ required: true, message: t('orgm.required', { field: text }) }]}
    >
      <DatePicker
        style={{ width: '100%' }}
        data-testid={`field-${name}`}
        disabledDate={(d) => d.format('YYYY-MM-DD') > todayShanghai()}
      />
    </Form.Item>
  );
}
