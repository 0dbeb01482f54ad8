import { FileUp } from 'lucide-react';
import { type DragEvent, useId, useState } from 'react';
import { cn } from '../lib/cn';

interface FileDropZoneProps {
  onFile: (file: File) => void;
  disabled?: boolean;
}

/**
 * A file input that is also a drop target. The native input stays in the tab order (visually
 * hidden, not display:none), so keyboard users reach it with Tab and open it with Enter/Space.
 */
export function FileDropZone({ onFile, disabled = false }: FileDropZoneProps) {
  const id = useId();
  const [over, setOver] = useState(false);

  const drop = (event: DragEvent<HTMLLabelElement>) => {
    event.preventDefault();
    setOver(false);
    const file = event.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  };

  return (
    <div>
      <input
        id={id}
        type="file"
        accept=".csv,.tsv,text/csv,text/tab-separated-values"
        className="peer sr-only"
        disabled={disabled}
        aria-describedby={`${id}-hint`}
        onChange={(e) => {
          const file = e.target.files?.[0];
          if (file) onFile(file);
          // The same file can be picked again later (e.g. to resume after a cancel).
          e.target.value = '';
        }}
      />
      <label
        htmlFor={id}
        onDragOver={(e) => {
          e.preventDefault();
          if (!disabled) setOver(true);
        }}
        onDragLeave={() => setOver(false)}
        onDrop={drop}
        className={cn(
          'flex cursor-pointer flex-col items-center justify-center gap-2 rounded-xl border-2 border-dashed px-6 py-10 text-center transition-colors',
          'peer-focus-visible:outline-2 peer-focus-visible:outline-offset-2 peer-focus-visible:outline-indigo-600',
          over
            ? 'border-indigo-500 bg-indigo-50'
            : 'border-zinc-300 bg-white hover:border-zinc-400',
          disabled && 'cursor-not-allowed opacity-60',
        )}
      >
        <FileUp aria-hidden="true" className="size-8 text-zinc-400" />
        <span className="text-sm font-medium text-zinc-900">
          Drop a CSV file here, or <span className="text-indigo-600">choose a file</span>
        </span>
        <span id={`${id}-hint`} className="text-xs text-zinc-500">
          CSV or TSV with a header row, up to 5 GB. An interrupted upload continues when you pick
          the same file again.
        </span>
      </label>
    </div>
  );
}
