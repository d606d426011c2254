import { addStrings } from '@zhanqian/ui/i18n';
import { talentMemberStrings } from './strings-member.ts';

let added = false;
/** Adds the member page's strings once (see setup-admin.ts for why this is a call). */
export function addTalentMemberStrings(): void {
  if (added) return;
  added = true;
  addStrings(talentMemberStrings);
}
