import { addStrings } from '@zhanqian/ui/i18n';
import { redsailMemberStrings } from './strings-member.ts';

let added = false;
/** Adds the phone page's strings once (see setup-admin.ts for why this is a call). */
export function addRedsailMemberStrings(): void {
  if (added) return;
  added = true;
  addStrings(redsailMemberStrings);
}
