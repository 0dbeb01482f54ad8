import {
  type CreateWebhookEndpointInput,
  createWebhookEndpointInput,
  type WebhookEvent,
  webhookEvents,
} from '@intake/schema';
import { useMutation } from '@tanstack/react-query';
import { Plus } from 'lucide-react';
import { type FormEvent, useId, useState } from 'react';
import { toAppError } from '../lib/app-error';
import { fieldErrors } from '../lib/field-errors';
import { queryClient, trpc } from '../trpc';
import { ErrorPanel } from './error-panel';
import { Button } from './ui/button';
import { Field } from './ui/field';
import { Input } from './ui/input';

const eventHints: Record<WebhookEvent, string> = {
  'import.succeeded': 'An import finished and its accepted rows were written.',
  'import.failed': 'An import could not be completed.',
  'alert.firing': 'A health alert started firing (see the Health page).',
  'alert.resolved': 'A health alert that was firing resolved.',
};

export interface CreatedEndpoint {
  id: string;
  url: string;
  secret: string;
}

/**
 * Registers an endpoint. The input is checked with the server's own zod schema before sending,
 * so the messages match; the server's refusals (a private address, say) show below the form.
 */
export function WebhookEndpointForm({ onCreated }: { onCreated: (e: CreatedEndpoint) => void }) {
  const [url, setUrl] = useState('');
  const [events, setEvents] = useState<readonly WebhookEvent[]>(webhookEvents);
  const [description, setDescription] = useState('');
  // Messages appear once the person tries to submit, then follow every change.
  const [submitted, setSubmitted] = useState(false);
  const eventsId = useId();

  const mutation = useMutation(
    trpc.webhooks.createEndpoint.mutationOptions({
      // The answer holds the signing secret: drop it from the mutation cache as soon as this
      // form lets go of it, rather than keep it for the default five minutes.
      gcTime: 0,
      onSuccess: async (created) => {
        setUrl('');
        setDescription('');
        setEvents(webhookEvents);
        setSubmitted(false);
        onCreated({ id: created.id, url: created.url, secret: created.secret });
        await queryClient.invalidateQueries({ queryKey: trpc.webhooks.listEndpoints.queryKey() });
      },
    }),
  );

  const input: CreateWebhookEndpointInput = {
    url: url.trim(),
    events: [...events],
    ...(description.trim() ? { description: description.trim() } : {}),
  };
  const check = createWebhookEndpointInput.safeParse(input);
  const serverError = mutation.error ? toAppError(mutation.error) : undefined;
  const errors = {
    ...(serverError?.kind === 'business' ? fieldErrors(serverError.issues) : {}),
    ...(submitted && !check.success ? fieldErrors(check.error.issues) : {}),
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    setSubmitted(true);
    if (check.success) mutation.mutate(input);
  };

  // A refusal is about what was sent; once the person edits, it no longer applies.
  const edited = () => {
    if (mutation.isError) mutation.reset();
  };

  const toggle = (value: WebhookEvent, on: boolean) => {
    setEvents((all) => webhookEvents.filter((e) => (e === value ? on : all.includes(e))));
    edited();
  };

  return (
    // noValidate: the schema's messages replace the browser's bubbles, which differ per browser.
    <form noValidate onSubmit={submit} className="space-y-4" aria-label="New endpoint">
      <Field
        label="URL"
        hint="Where Intake POSTs a signed JSON request for each event."
        error={errors.url}
      >
        {({ id, describedBy, invalid }) => (
          <Input
            id={id}
            type="url"
            inputMode="url"
            autoComplete="off"
            spellCheck={false}
            placeholder="https://example.com/hooks/intake"
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            value={url}
            onChange={(e) => {
              setUrl(e.target.value);
              edited();
            }}
          />
        )}
      </Field>

      <fieldset aria-describedby={errors.events ? `${eventsId}-error` : undefined}>
        <legend className="text-sm font-medium text-zinc-800">Events</legend>
        <div className="mt-1.5 space-y-2">
          {webhookEvents.map((value) => (
            <label key={value} className="flex cursor-pointer items-start gap-2.5 text-sm">
              <input
                type="checkbox"
                className="mt-0.5 size-4 shrink-0 rounded border-zinc-300 accent-indigo-600 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-indigo-600"
                checked={events.includes(value)}
                onChange={(e) => toggle(value, e.target.checked)}
              />
              <span>
                <span className="font-mono text-xs font-medium text-zinc-900">{value}</span>
                <span className="block text-xs text-zinc-500">{eventHints[value]}</span>
              </span>
            </label>
          ))}
        </div>
        {errors.events && (
          <p id={`${eventsId}-error`} className="mt-1.5 text-xs font-medium text-red-600">
            {errors.events}
          </p>
        )}
      </fieldset>

      <Field label="Description (optional)" error={errors.description}>
        {({ id, describedBy, invalid }) => (
          <Input
            id={id}
            maxLength={200}
            placeholder="Billing system, staging"
            aria-describedby={describedBy}
            aria-invalid={invalid || undefined}
            value={description}
            onChange={(e) => {
              setDescription(e.target.value);
              edited();
            }}
          />
        )}
      </Field>

      {mutation.isError && (
        <ErrorPanel
          error={mutation.error}
          onRetry={() => mutation.mutate(input)}
          retrying={mutation.isPending}
        />
      )}

      <Button type="submit" loading={mutation.isPending} className="w-full">
        {!mutation.isPending && <Plus aria-hidden="true" className="size-4" />}
        Add endpoint
      </Button>
    </form>
  );
}
