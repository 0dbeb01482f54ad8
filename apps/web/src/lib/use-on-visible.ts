import { useCallback, useEffect, useRef } from 'react';

/**
 * A callback ref that calls `onVisible` whenever its element scrolls into view (the
 * infinite-scroll sentinel). A callback ref, not an effect, so that an element that is replaced
 * (loading state, new search) is observed again. A generous rootMargin starts loading the next
 * page before the person reaches the end.
 */
export function useOnVisible<E extends Element>(
  onVisible: () => void,
  enabled: boolean,
): (element: E | null) => (() => void) | undefined {
  const callback = useRef(onVisible);
  useEffect(() => {
    callback.current = onVisible;
  });
  return useCallback(
    (element: E | null) => {
      if (!enabled || !element) return undefined;
      const observer = new IntersectionObserver(
        (entries) => {
          if (entries.some((entry) => entry.isIntersecting)) callback.current();
        },
        { rootMargin: '400px 0px' },
      );
      observer.observe(element);
      return () => observer.disconnect();
    },
    [enabled],
  );
}
