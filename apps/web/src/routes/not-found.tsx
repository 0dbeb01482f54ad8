import { Compass } from 'lucide-react';
import { Link } from 'wouter';
import { Card } from '../components/ui/card';
import { EmptyState } from '../components/ui/empty-state';

export function NotFoundPage() {
  return (
    <Card>
      <EmptyState
        icon={Compass}
        title="Page not found"
        action={
          <Link
            href="/"
            className="rounded font-medium text-indigo-600 hover:text-indigo-500 focus-visible:outline-2 focus-visible:outline-indigo-600"
          >
            Go to New import
          </Link>
        }
      >
        The address may be mistyped, or the page has moved.
      </EmptyState>
    </Card>
  );
}
