const formatter = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });

/** A day in the reader's locale; the raw timestamp belongs in a `<time dateTime>` beside it. */
export function formatDate(iso: string | Date): string {
  const date = typeof iso === 'string' ? new Date(iso) : iso;
  return Number.isNaN(date.getTime()) ? String(iso) : formatter.format(date);
}
