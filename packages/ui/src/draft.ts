import { useCallback, useEffect, useRef, useState } from 'react';

/**
 * A form draft kept on the device (localStorage) until it is sent, so nothing typed is lost
 * when the network drops or the page reloads mid-form. `clear()` after a successful send.
 *
 * @example const [draft, setDraft, clear] = useDraft('idea', { title: '', body: '' });
 */
export function useDraft<T extends object>(key: string, initial: T): [T, (next: T) => void, () => void] {
  const storageKey = `zq.draft.${key}`;
  const [value, setValue] = useState<T>(() => {
    try {
      const raw = globalThis.localStorage?.getItem(storageKey);
      return raw ? { ...initial, ...(JSON.parse(raw) as T) } : initial;
    } catch {
      return initial;
    }
  });
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const latest = useRef(value);
  latest.current = value;
  const save = useCallback(() => {
    try {
      globalThis.localStorage?.setItem(storageKey, JSON.stringify(latest.current));
    } catch {
      // storage full or disabled: the draft lives only in memory
    }
  }, [storageKey]);
  const set = useCallback(
    (next: T) => {
      setValue(next);
      latest.current = next;
      clearTimeout(timer.current);
      timer.current = setTimeout(save, 200);
    },
    [save],
  );
  useEffect(() => {
    const flush = () => save();
    globalThis.addEventListener?.('pagehide', flush);
    return () => {
      globalThis.removeEventListener?.('pagehide', flush);
      clearTimeout(timer.current);
    };
  }, [save]);
  const clear = useCallback(() => {
    clearTimeout(timer.current);
    globalThis.localStorage?.removeItem(storageKey);
    setValue(initial);
    latest.current = initial;
  }, [storageKey, initial]);
  return [value, set, clear];
}
