import { apiRequest } from './client.ts';
import { accountOperation } from './coreApi.ts';

export interface SignInSmsSent {
  /** The fallback number, masked. */
  sentTo: string;
  retryAfterSeconds: number;
}

export async function sendSignInSms(): Promise<SignInSmsSent> {
  const operation = await accountOperation('sendSignInSms');
  return apiRequest(operation.path, { method: operation.method, response: operation.response });
}
