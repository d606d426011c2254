import { addStrings } from '@zhanqian/ui/i18n';
import { talentStrings } from './strings.ts';

let added = false;
/**
 * Adds the talent strings once. Each admin page calls it at the top of its (lazy) module, which
 * runs after the shell's initI18n (adding strings before i18next is initialised throws). A call,
 * not a bare side-effect import: the package is `sideEffects: false`, so the bundler would drop that.
 */
export function addTalentStrings(): void {
  if (added) return;
  added = true;
  addStrings(talentStrings);
}
