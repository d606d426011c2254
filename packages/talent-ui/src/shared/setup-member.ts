import { addStrings } from '@zhanqian/ui/i18n';
import { talentMemberStrings } from './strings-member.ts';

// Imported by the member page (a lazy chunk, evaluated after the shell's initI18n).
addStrings(talentMemberStrings);
