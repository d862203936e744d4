import { render, screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import { FieldShell, type FieldShellProps } from './FieldShell.tsx';

function renderShell(props: Omit<FieldShellProps, 'children'>) {
  render(<FieldShell {...props}>{(control) => <input {...control} type="text" />}</FieldShell>);
  return screen.getByLabelText(props.label);
}

describe('FieldShell', () => {
  it('labels its control and adds nothing else when there is no hint or error', () => {
    const input = renderShell({ label: 'Setup key' });

    expect(input.id).not.toBe('');
    expect(input.hasAttribute('aria-describedby')).toBe(false);
    expect(input.hasAttribute('aria-invalid')).toBe(false);
  });

  it('describes the control by its hint', () => {
    const input = renderShell({ label: 'Username', hint: 'At most 39 characters.' });

    const hint = screen.getByText('At most 39 characters.');
    expect(hint.className).toBe('field-hint');
    expect(input.getAttribute('aria-describedby')).toBe(hint.id);
    expect(input.hasAttribute('aria-invalid')).toBe(false);
  });

  it('marks the control invalid and describes it by its hint, then its error, shown after it', () => {
    const input = renderShell({ label: 'Password', hint: 'At least 8 characters.', error: 'Too short' });

    const hint = screen.getByText('At least 8 characters.');
    const error = screen.getByText('Too short');
    expect(error.className).toBe('field-error');
    expect(input.getAttribute('aria-invalid')).toBe('true');
    expect(input.getAttribute('aria-describedby')).toBe(`${hint.id} ${error.id}`);
    expect(input.compareDocumentPosition(error) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
    expect(hint.compareDocumentPosition(input) & Node.DOCUMENT_POSITION_FOLLOWING).toBeTruthy();
  });

  it('announces its error as it appears only when asked to', () => {
    const { rerender } = render(
      <FieldShell label="Authentication code" error="Invalid authentication code">
        {(control) => <input {...control} />}
      </FieldShell>,
    );
    expect(screen.queryByRole('alert')).toBeNull();

    rerender(
      <FieldShell label="Authentication code" error="Invalid authentication code" announceError>
        {(control) => <input {...control} />}
      </FieldShell>,
    );
    const alert = screen.getByRole('alert');
    expect(alert.textContent).toBe('Invalid authentication code');
    expect(screen.getByLabelText('Authentication code').getAttribute('aria-describedby')).toBe(alert.id);
  });

  it('gives every shell its own ids', () => {
    render(
      <>
        <FieldShell label="One" error="First">
          {(control) => <input {...control} />}
        </FieldShell>
        <FieldShell label="Two" error="Second">
          {(control) => <input {...control} />}
        </FieldShell>
      </>,
    );

    const one = screen.getByLabelText('One');
    const two = screen.getByLabelText('Two');
    expect(one.id).not.toBe(two.id);
    expect(one.getAttribute('aria-describedby')).not.toBe(two.getAttribute('aria-describedby'));
  });
});
