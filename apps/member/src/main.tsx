import { initI18n } from '@zhanqian/ui/i18n';
import { unstableSetRender } from 'antd-mobile';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import { strings } from './strings.ts';

initI18n(strings);
// antd-mobile's imperative pop-ups (Toast, Dialog) render through this on React 19.
unstableSetRender((node, container) => {
  const root = createRoot(container);
  root.render(node);
  return async () => root.unmount();
});
createRoot(document.getElementById('root')!).render(<App />);
