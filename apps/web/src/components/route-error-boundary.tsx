import { Component, type ReactNode } from 'react';
import { ErrorPanel } from './error-panel';

interface State {
  error: unknown;
}

/**
 * Catches render errors and failed route-chunk loads (a dropped connection, or a deploy that
 * replaced the chunk) so the person gets a message and a retry instead of a blank page.
 * React offers error boundaries only as class components.
 */
export class RouteErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: undefined };

  static getDerivedStateFromError(error: unknown): State {
    return { error };
  }

  override render() {
    if (this.state.error === undefined) return this.props.children;
    return <ErrorPanel error={this.state.error} onRetry={() => window.location.reload()} />;
  }
}
