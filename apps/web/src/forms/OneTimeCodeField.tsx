import { TextField, type TextFieldProps } from './TextField.tsx';

export type OneTimeCodeFieldProps = Omit<TextFieldProps, 'type' | 'inputMode' | 'autoComplete' | 'announceError'>;

/**
 * A short numeric code from an app or a text message. Text rather than number, so leading
 * zeros survive; numeric keypad on phones; and "one-time-code" lets the browser offer a
 * code it just received by SMS. A code is typed and sent with Enter, attempt after attempt, so
 * focus stays in the field and its error is announced as it appears.
 */
export function OneTimeCodeField(props: OneTimeCodeFieldProps) {
  return <TextField {...props} type="text" inputMode="numeric" autoComplete="one-time-code" announceError />;
}
