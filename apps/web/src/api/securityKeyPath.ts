import { accountOperations } from '@recovery/core/api/index';

/** The `:id` route of one key; ids are base64url, but encoding keeps any id inside its segment. */
export function securityKeyPath(id: string): string {
  return accountOperations.renameSecurityKey.path.replace(':id', encodeURIComponent(id));
}
