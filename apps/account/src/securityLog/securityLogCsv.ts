import type { SecurityEventView } from '@recovery/core/api/index';

const columns = ['created_at', 'action', 'description', 'ip', 'user_agent', 'actor', 'data'] as const;

/**
 * What a spreadsheet may run as a formula (OWASP "CSV injection"): a cell starting with = + - @,
 * a tab, a carriage return or |, also after spaces or non-breaking spaces.
 */
const formulaStart = /^[\s\u00a0]*[=+\-@|]|^[\t\r\u00a0|]/;

/**
 * RFC 4180 quoting, and a leading quote on cells a spreadsheet would run as a formula: user
 * agents are chosen by whoever sends the request, so they are attacker-controlled text.
 */
export function csvCell(value: string): string {
  const defused = formulaStart.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(defused) || defused !== value ? `"${defused.replace(/"/g, '""')}"` : defused;
}

export function securityLogCsv(events: SecurityEventView[]): string {
  const lines = [columns.join(',')];
  for (const event of events) {
    lines.push(
      [event.createdAt, event.action, event.description, event.ip, event.userAgent, event.actor ?? '', JSON.stringify(event.data)]
        .map(csvCell)
        .join(','),
    );
  }
  return lines.join('\r\n') + '\r\n';
}
