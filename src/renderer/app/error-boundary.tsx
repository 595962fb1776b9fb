import { Component, type ErrorInfo, type ReactNode } from 'react';
import { copyText } from './copy-text';

interface State {
  readonly error: Error | null;
  readonly componentStack: string;
  readonly copied: boolean | null;
}

/** What a bug report needs about a rendering failure, as text. */
export function diagnosticsText(error: Error, componentStack: string, at: Date, userAgent: string): string {
  return [
    `STM32MP Flasher window failure, ${at.toISOString()}`,
    `Page: ${userAgent}`,
    `Error: ${error.name}: ${error.message}`,
    '',
    'Stack:',
    error.stack ?? '(none)',
    '',
    'Components:',
    componentStack.trim() === '' ? '(none)' : componentStack.trim(),
    '',
  ].join('\n');
}

/** Catches a rendering failure and shows it instead of a blank window, with its diagnostics to copy. */
export class ErrorBoundary extends Component<{ children: ReactNode }, State> {
  override state: State = { error: null, componentStack: '', copied: null };

  static getDerivedStateFromError(error: Error): Partial<State> {
    return { error };
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    this.setState({ componentStack: info.componentStack ?? '' });
    console.error(error, info.componentStack);
  }

  override render() {
    const { error, componentStack, copied } = this.state;
    if (error === null) return this.props.children;
    const copy = async () => {
      const ok = await copyText(diagnosticsText(error, componentStack, new Date(), navigator.userAgent));
      this.setState({ copied: ok });
    };
    return (
      <div role="alert" className="panel error-panel">
        <h2>Something went wrong in the window</h2>
        <pre>{error.message}</pre>
        <p>
          Copy the diagnostics into a bug report, then reload: a run in progress goes on in the main process.
        </p>
        <div className="report-actions">
          <button type="button" onClick={() => void copy()}>
            Copy diagnostics
          </button>
          <button type="button" className="secondary" onClick={() => location.reload()}>
            Reload
          </button>
          <span aria-live="polite">
            {copied === null ? '' : copied ? 'Diagnostics copied.' : 'Could not copy: select the text above.'}
          </span>
        </div>
      </div>
    );
  }
}
