import { accountOperations } from '@recovery/core/api/index';
import { apiRequest } from './client.ts';

const operation = accountOperations.sendSignInSms;

export interface SignInSmsSent {
  /** The fallback number, masked. */
  sentTo: string;
  retryAfterSeconds: number;
}

export function sendSignInSms(): Promise<SignInSmsSent> {
  return apiRequest(operation.path, { method: operation.method, response: operation.response });
}
