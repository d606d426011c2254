import { watchSelectors } from '@zhanqian/ui/a11y';
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
// antd-mobile's disabled Selector options said to be disabled, on the shell's and the remotes' screens
watchSelectors();
createRoot(document.getElementById('root')!).render(<App />);
