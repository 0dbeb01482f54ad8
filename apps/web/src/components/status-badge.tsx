import type { ImportStatus } from '@intake/schema';
import { Badge, type BadgeTone } from './ui/badge';

const tones: Record<ImportStatus, BadgeTone> = {
  queued: 'neutral',
  running: 'info',
  succeeded: 'success',
  failed: 'danger',
  cancelled: 'neutral',
};

export function StatusBadge({ status }: { status: ImportStatus }) {
  return <Badge tone={tones[status]}>{status}</Badge>;
}
