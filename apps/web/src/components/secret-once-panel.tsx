import { Check, Copy, KeyRound } from 'lucide-react';
import { type ReactNode, useEffect, useId, useRef, useState } from 'react';
import { copyText } from '../lib/copy-text';
import { Button } from './ui/button';

type CopyState = 'idle' | 'copied' | 'manual';

/**
 * A value the server shows once (an API token, an invite link): the answer that carried it is
 * the only copy, so it lives in this component's props alone and is gone once dismissed.
 * Focus moves here: it holds the one thing the person must act on now.
 */
export function SecretOncePanel({
  title,
  label,
  secret,
  children,
  onDone,
}: {
  title: string;
  /** What the value is, for the copy button and screen readers: "token", "invite link". */
  label: string;
  secret: string;
  children?: ReactNode;
  onDone: () => void;
}) {
  const titleId = useId();
  const card = useRef<HTMLElement>(null);
  const field = useRef<HTMLElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');
  useEffect(() => {
    card.current?.focus();
  }, []);

  return (
    <section
      ref={card}
      tabIndex={-1}
      aria-labelledby={titleId}
      className="flex scroll-mt-20 gap-3 rounded-xl bg-amber-50 px-5 py-4 shadow-xs ring-1 ring-amber-300 focus:outline-none"
    >
      <KeyRound aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-amber-700" />
      <div className="min-w-0 flex-1 space-y-3 text-sm">
        <div>
          <h2 id={titleId} className="font-semibold text-amber-950">
            {title}
          </h2>
          <p className="mt-1 text-amber-900">
            <strong className="font-semibold">You will not see it again.</strong> {children}
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          <p className="flex h-9 min-w-0 flex-1 items-center overflow-x-auto rounded-md bg-white px-2.5 ring-1 ring-amber-300 ring-inset">
            <span className="sr-only">{label}: </span>
            <code
              ref={field}
              className="font-mono text-sm whitespace-nowrap text-zinc-900 select-all"
            >
              {secret}
            </code>
          </p>
          <Button
            variant="secondary"
            onClick={async () =>
              setCopy((await copyText(secret, field.current)) ? 'copied' : 'manual')
            }
          >
            {copy === 'copied' ? (
              <Check aria-hidden="true" className="size-4 text-emerald-600" />
            ) : (
              <Copy aria-hidden="true" className="size-4" />
            )}
            {copy === 'copied' ? 'Copied' : `Copy ${label}`}
          </Button>
          <Button onClick={onDone}>Done</Button>
        </div>
        <p aria-live="polite" className="sr-only">
          {copy === 'copied' ? `The ${label} was copied to the clipboard.` : ''}
        </p>
        {copy === 'manual' && (
          <p className="text-xs text-amber-900">
            Could not reach the clipboard: the {label} is selected, copy it with Ctrl+C or ⌘C.
          </p>
        )}
      </div>
    </section>
  );
}
