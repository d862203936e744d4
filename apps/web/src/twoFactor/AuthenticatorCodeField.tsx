import { OneTimeCodeField, type OneTimeCodeFieldProps } from '../forms/OneTimeCodeField.tsx';

export type AuthenticatorCodeFieldProps = Omit<OneTimeCodeFieldProps, 'label' | 'hint'>;

/** The authenticator app's current code, asked for in the same words at sign-in and in "Confirm access". */
export function AuthenticatorCodeField(props: AuthenticatorCodeFieldProps) {
  return <OneTimeCodeField {...props} label="Authentication code" hint="Open your authenticator app and enter the 6-digit code for this account." />;
}
