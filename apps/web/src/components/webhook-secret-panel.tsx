import { Check, Copy, KeyRound } from 'lucide-react';
import { useEffect, useRef, useState } from 'react';
import { copyText } from '../lib/copy-text';
import { Button } from './ui/button';
import type { CreatedEndpoint } from './webhook-endpoint-form';

type CopyState = 'idle' | 'copied' | 'manual';

const copyMessages: Record<CopyState, string> = {
  idle: '',
  copied: 'Secret copied to the clipboard.',
  manual: 'Could not reach the clipboard: the secret is selected, copy it with Ctrl+C or ⌘C.',
};

/**
 * The signing secret of a new endpoint. The API returns it only in the create answer and
 * never again, so it lives in this component's props alone and is gone once dismissed.
 */
export function WebhookSecretPanel({
  endpoint,
  onDone,
}: {
  endpoint: CreatedEndpoint;
  onDone: () => void;
}) {
  const card = useRef<HTMLElement>(null);
  const field = useRef<HTMLElement>(null);
  const [copy, setCopy] = useState<CopyState>('idle');
  // The panel appears above the form that was just submitted: bring focus (and the view) to
  // it, as it holds the one thing the person must act on now.
  useEffect(() => {
    card.current?.focus();
  }, []);

  return (
    <section
      ref={card}
      tabIndex={-1}
      aria-labelledby="webhook-secret-title"
      className="flex scroll-mt-20 gap-3 rounded-xl bg-amber-50 px-5 py-4 shadow-xs ring-1 ring-amber-300 focus:outline-none"
    >
      <KeyRound aria-hidden="true" className="mt-0.5 size-5 shrink-0 text-amber-700" />
      <div className="min-w-0 flex-1 space-y-3 text-sm">
        <div>
          <h2 id="webhook-secret-title" className="font-semibold text-amber-950">
            Endpoint added: copy its signing secret now
          </h2>
          <p className="mt-1 text-amber-900">
            <strong className="font-semibold">You will not see it again.</strong> Your receiver uses
            it to check the <code className="font-mono text-xs">webhook-signature</code> header of
            requests to <span className="font-mono text-xs break-all">{endpoint.url}</span>. If it
            is lost, delete the endpoint and add it again.
          </p>
        </div>
        <div className="flex flex-wrap items-center gap-2">
          {/* Text, not a read-only input: Chromium clips glyphs below the font's descent in
              inputs, and DejaVu Sans Mono draws its underscore there ("whsec_" read "whsec ").
              select-all makes one click select the whole secret. */}
          <p className="flex h-9 min-w-0 flex-1 items-center overflow-x-auto rounded-md bg-white px-2.5 ring-1 ring-amber-300 ring-inset">
            <span className="sr-only">Signing secret: </span>
            <code
              ref={field}
              className="font-mono text-sm whitespace-nowrap text-zinc-900 select-all"
            >
              {endpoint.secret}
            </code>
          </p>
          <Button
            variant="secondary"
            onClick={async () =>
              setCopy((await copyText(endpoint.secret, field.current)) ? 'copied' : 'manual')
            }
          >
            {copy === 'copied' ? (
              <Check aria-hidden="true" className="size-4 text-emerald-600" />
            ) : (
              <Copy aria-hidden="true" className="size-4" />
            )}
            {copy === 'copied' ? 'Copied' : 'Copy secret'}
          </Button>
          <Button onClick={onDone}>Done</Button>
        </div>
        {/* Always rendered, so screen readers announce what is put in it. */}
        <p aria-live="polite" className="sr-only">
          {copyMessages[copy]}
        </p>
        {copy === 'manual' && (
          <p aria-hidden="true" className="text-xs text-amber-900">
            {copyMessages.manual}
          </p>
        )}
      </div>
    </section>
  );
}
