import { accountOperations, type FallbackSmsView } from '@recovery/core/api/index';
import type { SmsCountryCode } from '@recovery/core/smsCountries';
import { apiRequest } from './client.ts';

const operation = accountOperations.setFallbackSms;

export interface SetFallbackSmsBody {
  country: SmsCountryCode;
  phoneNumber: string;
}

export function setFallbackSms(body: SetFallbackSmsBody): Promise<FallbackSmsView> {
  return apiRequest(operation.path, { method: operation.method, body, response: operation.response });
}
