import { NavBar } from 'antd-mobile';
import type { CSSProperties, ReactNode } from 'react';

/**
 * The title bar of a top-level phone page (no way back: 首页, 消息, 我的, sign-in). antd-mobile's
 * NavBar always renders its left area as a `role="button"`, empty without a back arrow: an
 * unnamed button to a screen reader (axe: aria-command-name, issue #21 item 19). Pages with a way
 * back keep NavBar (its arrow is named by the shell's ConfigProvider, App.tsx); these get a
 * header with the page's title as its heading, looking the same.
 */
export function TopBar({
  children,
  style,
  back,
  onBack,
  right,
}: {
  children: ReactNode;
  /** An action at the right end (e.g. 全部已读). */
  right?: ReactNode;
  style?: CSSProperties;
  /** A way back (e.g. from the second sign-in step): then antd-mobile's NavBar with its named arrow. */
  back?: ReactNode;
  onBack?: () => void;
}) {
  if (back !== undefined && back !== null)
    return (
      <NavBar back={back} onBack={onBack} style={style} right={right}>
        {children}
      </NavBar>
    );
  return (
    <header
      style={{
        height: 45,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        padding: '0 12px',
        position: 'relative',
        ...style,
      }}
    >
      <h1
        style={{
          margin: 0,
          fontSize: 'var(--adm-font-size-10)',
          fontWeight: 'normal',
          whiteSpace: 'nowrap',
          overflow: 'hidden',
          textOverflow: 'ellipsis',
        }}
      >
        {children}
      </h1>
      {right && <div style={{ position: 'absolute', right: 12 }}>{right}</div>}
    </header>
  );
}
