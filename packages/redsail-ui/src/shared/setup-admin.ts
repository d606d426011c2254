import { addStrings } from '@zhanqian/ui/i18n';
import { redsailStrings } from './strings.ts';

let added = false;
/**
 * Adds the Red Sail strings once. Each admin page calls it at the top of its (lazy) module, which
 * runs after the shell's initI18n. A call, not a bare side-effect import: the package is
 * `sideEffects: false`, so the bundler would drop that.
 */
export function addRedsailStrings(): void {
  if (added) return;
  added = true;
  addStrings(redsailStrings);
}
