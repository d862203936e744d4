import { isApiError } from '../api/ApiError.ts';
import { formErrorsFrom, type FormErrors } from '../forms/FormErrors.ts';
import { securityKeyErrorMessage } from './securityKeyErrorMessage.ts';

/**
 * For forms that also prompt for a security key: the service's errors map onto fields as
 * usual, while a browser's WebAuthn failure belongs to no field and is put in plain words.
 */
export function securityKeyFormErrors<F extends string>(error: unknown, fieldNames: readonly F[]): FormErrors<F> {
  return isApiError(error) ? formErrorsFrom(error, fieldNames) : { fields: {}, form: securityKeyErrorMessage(error) };
}
