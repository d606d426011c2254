/**
 * What antd's tables leave out for the keyboard and for screen readers, added on every screen of
 * the console, the domains' remotes included (GB/T 37668, WCAG 2.1 AA; issue #21 item 19):
 *
 * - A table wider than its card (`scroll.x`) or with a fixed header scrolls inside a div the
 *   keyboard cannot reach when no cell holds a link or button (WCAG 2.1.1; axe
 *   scrollable-region-focusable). While it overflows, that div is a tab stop, so the arrow keys
 *   scroll it; it stops being one when the table fits again.
 * - The hidden row antd measures column widths with (`aria-hidden`) repeats each column's title,
 *   the select-all checkbox too, which could then take focus unseen (axe aria-hidden-focus). The
 *   row is made inert.
 *
 * Watches the document from `root` down, a sweep at most once a frame; returns the function that
 * stops watching.
 */
export function watchTables(root: HTMLElement = document.body): () => void {
  return watch(root, sweepTables, { childList: true, subtree: true });
}

/**
 * The same for antd-mobile's Selector (the phone app): an option it greys out as disabled says
 * nothing of it to a screen reader (role=option without aria-disabled), and assistive checks then
 * take its faded text for text to read. Each such option gets aria-disabled, kept in step with it.
 */
export function watchSelectors(root: HTMLElement = document.body): () => void {
  return watch(root, sweepSelectors, { childList: true, subtree: true, attributeFilter: ['class'] });
}

/** Calls `sweep` once now and at most once a frame while the DOM under `root` changes or the window is resized. */
function watch(root: HTMLElement, sweep: (root: ParentNode) => void, what: MutationObserverInit): () => void {
  let frame = 0;
  const schedule = () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      sweep(root);
    });
  };
  const observer = new MutationObserver(schedule);
  observer.observe(root, what);
  window.addEventListener('resize', schedule);
  schedule();
  return () => {
    observer.disconnect();
    window.removeEventListener('resize', schedule);
    cancelAnimationFrame(frame);
  };
}

/** One pass of `watchSelectors`. */
export function sweepSelectors(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('.adm-selector-item[role="option"]')) {
    const disabled = String(el.classList.contains('adm-selector-item-disabled'));
    if (el.getAttribute('aria-disabled') !== disabled) el.setAttribute('aria-disabled', disabled);
  }
}

/** Marks the tab stops this module added, so that only those are taken away again. */
const MARK = 'data-scroll-stop';

/** One pass of `watchTables` over what is rendered now. */
export function sweepTables(root: ParentNode): void {
  for (const el of root.querySelectorAll<HTMLElement>('.ant-table-content, .ant-table-body')) {
    const overflows = el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1;
    if (overflows && !el.hasAttribute('tabindex')) {
      el.tabIndex = 0;
      el.setAttribute(MARK, '');
    } else if (!overflows && el.hasAttribute(MARK)) {
      el.removeAttribute('tabindex');
      el.removeAttribute(MARK);
    }
  }
  for (const row of root.querySelectorAll<HTMLElement>('.ant-table-measure-row:not([inert])'))
    row.inert = true;
}
