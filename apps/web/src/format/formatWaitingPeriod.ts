/** The recovery waiting period as people say it: "72 hours (3 days)", "12 hours", "no waiting period". */
export function formatWaitingPeriod(hours: number): string {
  if (hours <= 0) return 'no waiting period';
  const inHours = hours === 1 ? '1 hour' : `${Number(hours.toFixed(2))} hours`;
  if (hours < 24 || hours % 24 !== 0) return inHours;
  const days = hours / 24;
  return `${inHours} (${days === 1 ? '1 day' : `${days} days`})`;
}

/** "after a waiting period of 72 hours (3 days)", "at once, with no waiting period", or, unknown, "after a waiting period". */
export function afterWaitingPeriod(hours: number | undefined): string {
  if (hours === undefined) return 'after a waiting period';
  return hours <= 0 ? 'at once, with no waiting period' : `after a waiting period of ${formatWaitingPeriod(hours)}`;
}
