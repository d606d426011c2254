import './strings.ts';
/** antd-mobile Tag colours of a thread's status. */
export const STATUS_COLOR = {
  received: 'primary',
  assigned: 'warning',
  answered: 'success',
  closed: 'default',
} as const;
