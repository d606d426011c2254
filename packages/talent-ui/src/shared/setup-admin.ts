import { addStrings } from '@zhanqian/ui/i18n';
import { talentStrings } from './strings.ts';

// Imported by every admin page (lazy chunks, evaluated after the shell's initI18n: adding
// strings before i18next is initialised would throw and take the whole app down).
addStrings(talentStrings);
