/**
 * How `npm start` and `npm run dev` report a stack that could not start or lost a service: one
 * line a person can act on (the service's own reason), never this script's stack trace.
 */
export function stackFailureLine(script: string, error: unknown): string {
  const message = (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
  return `${script}: ${message}`;
}
