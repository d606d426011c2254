import { initI18n } from '@zhanqian/ui/i18n';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { strings } from './strings.ts';

initI18n(strings);
createRoot(document.getElementById('root')!).render(<App />);
