import { AppError } from '../errors.ts';

// RFC 3339 section 5.6 date-time; ABNF literals are case-insensitive, hence t/z.
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(?:([Zz])|([+-])(\d{2}):(\d{2}))$/;

function daysInMonth(year: number, month: number): number {
  // Day 0 of the next month is the last day of this one; UTC avoids DST surprises.
  const probe = new Date(0);
  probe.setUTCFullYear(year, month, 0);
  return probe.getUTCDate();
}

function malformed(): AppError {
  return new AppError('malformed_token', 'issued time is not an RFC 3339 date-time');
}

/** Strict RFC 3339 parse; the result is truncated to milliseconds. */
export function parseIssuedTime(s: string): Date {
  if (typeof s !== 'string') throw malformed();
  const m = RFC3339.exec(s);
  if (!m) throw malformed();
  const [, y, mo, d, h, mi, sec, frac, , sign, oh, om] = m;
  const year = Number(y);
  const month = Number(mo);
  const day = Number(d);
  const hour = Number(h);
  const minute = Number(mi);
  const second = Number(sec);
  if (month < 1 || month > 12) throw malformed();
  if (day < 1 || day > daysInMonth(year, month)) throw malformed();
  // Leap seconds (:60) are legal RFC 3339, but Date cannot represent them and nobody signs one.
  if (hour > 23 || minute > 59 || second > 59) throw malformed();
  let offsetMinutes = 0;
  if (sign !== undefined) {
    const offsetHours = Number(oh);
    const offsetMins = Number(om);
    if (offsetHours > 23 || offsetMins > 59) throw malformed();
    offsetMinutes = (sign === '-' ? -1 : 1) * (offsetHours * 60 + offsetMins);
  }
  const millis = frac === undefined ? 0 : Number(frac.slice(0, 3).padEnd(3, '0'));
  // Date.UTC maps years 0-99 to 1900-1999, so set the fields one by one.
  const date = new Date(0);
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(hour, minute, second, millis);
  return new Date(date.getTime() - offsetMinutes * 60_000);
}
