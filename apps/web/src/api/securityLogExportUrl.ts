import { accountOperations } from '@recovery/core/api/index';

export type SecurityLogExportFormat = 'json' | 'csv';

export function securityLogExportUrl(format: SecurityLogExportFormat): string {
  return `${accountOperations.exportSecurityLog.path}?format=${format}`;
}
