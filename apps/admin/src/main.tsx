import { watchTables } from '@zhanqian/ui/a11y';
import { initI18n } from '@zhanqian/ui/i18n';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { strings } from './strings.ts';

initI18n(strings);
// antd's scrolling tables reachable by keyboard, on the shell's and the remotes' screens alike
watchTables();
createRoot(document.getElementById('root')!).render(<App />);
