import { addStrings } from '@zhanqian/ui/i18n';
import { strings } from './strings.ts';

// Imported by every page (lazy chunks, evaluated after the shell's initI18n).
addStrings(strings);
