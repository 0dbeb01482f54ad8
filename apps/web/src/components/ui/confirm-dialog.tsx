import { type ReactNode, useEffect, useId, useRef } from 'react';
import { Button } from './button';

interface ConfirmDialogProps {
  open: boolean;
  title: string;
  children: ReactNode;
  confirmLabel: string;
  pending?: boolean;
  /** Shown inside the dialog, e.g. an ErrorPanel for a failed attempt. */
  error?: ReactNode;
  onConfirm: () => void;
  onCancel: () => void;
}

/**
 * A modal question before a destructive action, on the native <dialog>: showModal() makes the
 * rest of the page inert, traps focus, closes on Escape and gives focus back to the button that
 * opened it, without a library. Cancel has focus first, so Enter never destroys by accident.
 */
export function ConfirmDialog({
  open,
  title,
  children,
  confirmLabel,
  pending = false,
  error,
  onConfirm,
  onCancel,
}: ConfirmDialogProps) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    if (open && !dialog.open) dialog.showModal();
    if (!open && dialog.open) dialog.close();
  }, [open]);

  return (
    <dialog
      ref={ref}
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-body`}
      // Escape and close() both end here; keep the parent's state in step with the element.
      onClose={onCancel}
      // Preflight zeroes margins, which would pin the dialog to the top left.
      className="m-auto w-full max-w-md rounded-xl bg-white p-0 shadow-xl ring-1 ring-zinc-200 backdrop:bg-zinc-900/40"
    >
      <div className="space-y-3 px-5 pt-5 pb-4">
        <h2 id={`${id}-title`} className="text-base font-semibold text-zinc-900">
          {title}
        </h2>
        <div id={`${id}-body`} className="text-sm text-zinc-600">
          {children}
        </div>
        {error}
      </div>
      <div className="flex justify-end gap-2 border-t border-zinc-200 bg-zinc-50 px-5 py-3">
        <Button variant="secondary" onClick={onCancel} autoFocus>
          Cancel
        </Button>
        <Button variant="destructive" onClick={onConfirm} loading={pending}>
          {confirmLabel}
        </Button>
      </div>
    </dialog>
  );
}
