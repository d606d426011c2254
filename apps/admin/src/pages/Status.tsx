export { ErrorState, Forbidden, NotFound } from '@zhanqian/ui/admin-status';
