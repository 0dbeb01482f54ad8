import { type RefObject, useEffect, useRef } from 'react';

/**
 * Calls `onVisible` whenever the element scrolls into view (the infinite-scroll sentinel).
 * A generous rootMargin starts loading the next page before the person reaches the end.
 */
export function useOnVisible<E extends Element>(
  onVisible: () => void,
  enabled: boolean,
): RefObject<E | null> {
  const ref = useRef<E>(null);
  const callback = useRef(onVisible);
  callback.current = onVisible;
  useEffect(() => {
    const element = ref.current;
    if (!enabled || !element) return;
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((entry) => entry.isIntersecting)) callback.current();
      },
      { rootMargin: '400px 0px' },
    );
    observer.observe(element);
    return () => observer.disconnect();
  }, [enabled]);
  return ref;
}
