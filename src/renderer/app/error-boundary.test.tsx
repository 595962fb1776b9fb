// @vitest-environment jsdom
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ErrorBoundary } from './error-boundary';

afterEach(cleanup);

function Broken(): never {
  throw new Error('partitions is undefined');
}

describe('ErrorBoundary', () => {
  it('shows the failure instead of a blank window and copies its diagnostics', async () => {
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    vi.spyOn(console, 'error').mockImplementation(() => undefined);
    render(
      <ErrorBoundary>
        <Broken />
      </ErrorBoundary>,
    );
    expect(screen.getByRole('alert').textContent).toContain('partitions is undefined');
    fireEvent.click(screen.getByRole('button', { name: 'Copy diagnostics' }));
    await act(async () => {
      await Promise.resolve();
    });
    const text = String((writeText.mock.calls[0] as unknown[] | undefined)?.[0]);
    expect(text).toContain('Error: Error: partitions is undefined');
    expect(text).toContain('Broken');
    expect(screen.getByText('Diagnostics copied.')).toBeTruthy();
  });
});
