import { addStrings } from '@zhanqian/ui/i18n';
import { strings } from './strings.ts';

let added = false;

/**
 * Adds the screens' strings once. Every page calls it at its top level: its chunk loads after the
 * shell's initI18n (i18next.addResources does not exist before init), and an explicit call is kept
 * by the bundler where a bare side-effect import of this package ("sideEffects": false) is not.
 */
export function addStarsStrings(): void {
  if (added) return;
  added = true;
  addStrings(strings);
}
