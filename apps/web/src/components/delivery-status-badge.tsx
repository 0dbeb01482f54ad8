import type { WebhookDelivery } from '@intake/schema';
import { Badge, type BadgeTone } from './ui/badge';
import { Spinner } from './ui/spinner';

type DeliveryStatus = WebhookDelivery['status'];

const tones: Record<DeliveryStatus, BadgeTone> = {
  pending: 'info',
  succeeded: 'success',
  failed: 'danger',
};

export function DeliveryStatusBadge({ status }: { status: DeliveryStatus }) {
  return (
    <Badge tone={tones[status]}>
      {status === 'pending' && <Spinner className="mr-1 size-3" />}
      {status}
    </Badge>
  );
}
