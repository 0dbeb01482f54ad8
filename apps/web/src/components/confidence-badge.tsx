import type { Confidence } from '../lib/column-mapping';
import { Badge, type BadgeTone } from './ui/badge';

const looks: Record<Confidence, { tone: BadgeTone; label: string; hint: string }> = {
  exact: { tone: 'success', label: 'exact', hint: 'Same name as the column' },
  likely: { tone: 'info', label: 'likely', hint: 'A usual name for this column' },
  guess: { tone: 'warning', label: 'guess', hint: 'A similar name: check it' },
  none: { tone: 'neutral', label: 'no match', hint: 'No file column looks like this one' },
};

/** How sure the server's proposal was; "changed" once the person picked a column themselves. */
export function ConfidenceBadge({
  confidence,
  changed,
}: {
  confidence: Confidence;
  changed: boolean;
}) {
  if (changed) return <Badge tone="neutral">your choice</Badge>;
  const look = looks[confidence];
  return (
    <span title={look.hint}>
      <Badge tone={look.tone}>{look.label}</Badge>
    </span>
  );
}
