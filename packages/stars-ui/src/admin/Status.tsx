import { ErrorState, Forbidden } from '@zhanqian/ui/admin-status';

export { ErrorState, Forbidden };
