import { renameSecurityKeyRequest } from '@recovery/core/api/index';
import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';
import { ApiError } from '../api/ApiError.ts';
import { SudoCancelledError } from '../sudo/SudoCancelledError.ts';
import { FormAlert } from './FormAlert.tsx';
import { TextField } from './TextField.tsx';
import { useApiForm, type FailureHandling } from './useApiForm.ts';

interface NicknameFormProps extends FailureHandling<'nickname'> {
  action(data: { nickname: string }): Promise<void>;
  /** An attempt without a schema, like a security key prompt. */
  prompt?: () => Promise<void>;
  onSettled?(succeeded: boolean): void;
}

/** The smallest form the hook is meant for: one field, its alert and a submit button. */
function NicknameForm({ action, prompt, onSettled, ...failure }: NicknameFormProps) {
  const form = useApiForm({ nickname: '' });
  return (
    <form
      ref={form.formRef}
      onSubmit={(event) => {
        event.preventDefault();
        void form.submit({ schema: renameSecurityKeyRequest, action, ...failure }).then(onSettled);
      }}
      noValidate
    >
      <FormAlert message={form.generalError} />
      <TextField {...form.fieldProps('nickname')} label="Nickname" type="text" autoComplete="off" />
      <button type="submit" disabled={form.submitting}>
        Save
      </button>
      {prompt ? (
        <button type="button" onClick={() => void form.run({ action: prompt, ...failure })}>
          Use a key
        </button>
      ) : null}
    </form>
  );
}

async function submitNickname(nickname: string): Promise<void> {
  const user = userEvent.setup();
  if (nickname !== '') await user.type(screen.getByLabelText('Nickname'), nickname);
  await user.click(screen.getByRole('button', { name: 'Save' }));
}

describe('useApiForm', () => {
  it('sends the parsed values and resolves true once the form is enabled again', async () => {
    const action = vi.fn(async () => {});
    const onSettled = vi.fn();
    render(<NicknameForm action={action} onSettled={onSettled} />);

    await submitNickname('  Blue key ');

    await waitFor(() => expect(onSettled).toHaveBeenCalledWith(true));
    expect(action).toHaveBeenCalledWith({ nickname: 'Blue key' });
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByRole('button', { name: 'Save' }).hasAttribute('disabled')).toBe(false);
  });

  it('shows a schema failure under its field, focuses it and sends nothing', async () => {
    const action = vi.fn(async () => {});
    render(<NicknameForm action={action} />);

    await submitNickname('');

    const field = screen.getByLabelText('Nickname');
    await waitFor(() => expect(document.activeElement).toBe(field));
    expect(field.getAttribute('aria-invalid')).toBe('true');
    expect(screen.getByText('Give the key a nickname')).toBeDefined();
    expect(action).not.toHaveBeenCalled();
  });

  it('disables the submit button while the action runs and ignores another submit', async () => {
    let finish: () => void = () => {};
    const action = vi.fn(() => new Promise<void>((resolve) => (finish = resolve)));
    render(<NicknameForm action={action} />);

    await submitNickname('Blue key');
    const button = screen.getByRole('button', { name: 'Save' });
    expect(button.hasAttribute('disabled')).toBe(true);
    screen.getByLabelText('Nickname').closest('form')?.requestSubmit();
    finish();

    await waitFor(() => expect(button.hasAttribute('disabled')).toBe(false));
    expect(action).toHaveBeenCalledTimes(1);
  });

  it('puts an ApiError field message under its input and empties the fields it is told to', async () => {
    const action = vi.fn(() => Promise.reject(new ApiError(409, 'conflict', 'Check the nickname', [{ path: 'nickname', message: 'That nickname is taken' }])));
    render(<NicknameForm action={action} clearOnFailure={['nickname']} />);

    await submitNickname('Blue key');

    const field = screen.getByLabelText<HTMLInputElement>('Nickname');
    await waitFor(() => expect(document.activeElement).toBe(field));
    expect(screen.getByText('That nickname is taken')).toBeDefined();
    expect(field.value).toBe('');
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('shows an ApiError without fields in the alert and focuses it', async () => {
    render(<NicknameForm action={() => Promise.reject(new ApiError(429, 'rate_limited', 'Too many attempts'))} />);

    await submitNickname('Blue key');

    const alert = await screen.findByRole('alert');
    expect(alert.textContent).toBe('Too many attempts');
    await waitFor(() => expect(document.activeElement).toBe(alert));
    expect(screen.getByLabelText('Nickname').getAttribute('aria-invalid')).toBeNull();
  });

  it('says something went wrong for an error that is not from the API', async () => {
    render(<NicknameForm action={() => Promise.reject(new TypeError('Failed to fetch'))} />);

    await submitNickname('Blue key');

    expect((await screen.findByRole('alert')).textContent).toBe('Something went wrong. Try again.');
  });

  it('says nothing and keeps the input when "Confirm access" was dismissed', async () => {
    const onFailure = vi.fn();
    const onSettled = vi.fn();
    render(<NicknameForm action={() => Promise.reject(new SudoCancelledError())} clearOnFailure={['nickname']} onFailure={onFailure} onSettled={onSettled} />);

    await submitNickname('Blue key');

    await waitFor(() => expect(onSettled).toHaveBeenCalledWith(false));
    expect(screen.queryByRole('alert')).toBeNull();
    expect(screen.getByLabelText<HTMLInputElement>('Nickname').value).toBe('Blue key');
    expect(onFailure).not.toHaveBeenCalled();
  });

  it('lets a form word its own errors, or show none when it dealt with the error itself', async () => {
    const onFailure = vi.fn();
    const errorsFrom = vi.fn((error: unknown) => (error instanceof ApiError && error.code === 'unauthenticated' ? null : { fields: {}, form: 'The key did not answer.' }));
    render(<NicknameForm action={() => Promise.reject(new ApiError(401, 'unauthenticated', 'Sign in again'))} errorsFrom={errorsFrom} onFailure={onFailure} />);

    await submitNickname('Blue key');

    await waitFor(() => expect(onFailure).toHaveBeenCalledTimes(1));
    expect(errorsFrom).toHaveBeenCalledWith(expect.any(ApiError), ['nickname']);
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('runs an attempt without a schema through the same failure handling', async () => {
    const errorsFrom = () => ({ fields: {}, form: 'The security key request was cancelled.' });
    render(<NicknameForm action={async () => {}} prompt={() => Promise.reject(new DOMException('cancelled', 'AbortError'))} errorsFrom={errorsFrom} />);

    await userEvent.setup().click(screen.getByRole('button', { name: 'Use a key' }));

    expect((await screen.findByRole('alert')).textContent).toBe('The security key request was cancelled.');
  });
});
