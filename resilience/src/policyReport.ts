import { acceptedCodes, burstSchedule, codeSpace, day, guessesWithin, hour, nistCeiling, pacedGuessesPer, successProbability, twoFactorPolicy } from './twoFactorPolicy.ts';

const minutes = (ms: number): string => `${ms / 60_000} min`;
const clockTime = (ms: number): string => `${Math.floor(ms / hour)}:${String(Math.floor((ms % hour) / 60_000)).padStart(2, '0')}`;
const percent = (p: number): string => (p < 0.001 ? `${(p * 100).toExponential(2)} %` : `${(p * 100).toFixed(2)} %`);

/**
 * The lockout arithmetic, from the configured policy (the policies apps/account exports): how
 * many codes an attacker who knows the password can try per account, per hour and per day, and
 * the chance that one of them is right.
 */
export function policyReport(): string[] {
  const account = twoFactorPolicy.perAccount;
  const address = twoFactorPolicy.perAddress;
  const maxLocks = account.maxLocks ?? Infinity;
  const schedule = burstSchedule(account, 3 * day);
  const bursts = [...new Set(schedule.guessTimes)];
  const firstHour = guessesWithin(schedule, hour);
  const firstDay = guessesWithin(schedule, day);
  const locks = bursts.slice(1).map((t, i) => t - bursts[i]!);
  const perDayWithDailyOwner = firstDay;
  return [
    'Policy (twoFactorAccountPolicy and twoFactorAddressPolicy in apps/account/src/twoFactor/twoFactorLimits.ts):',
    `  every guess is counted before its code is checked (one atomic increment), so no burst of any size gets more than the limit`,
    `  per sign-in attempt: ${twoFactorPolicy.perSignIn} codes, then the password step starts over`,
    `  per account (browsers not known for the account): ${account.maxFailures} consecutive failures lock the 2FA step for ${minutes(account.lockMs)}, doubling up to ${minutes(account.maxLockMs)};`,
    `    only a success resets the count (no time window); the ${maxLocks}th lock in a row lasts until the owner signs in`,
    `    from a known browser (or an approved account recovery removes 2FA): ${account.maxFailures} × ${maxLocks} = ${account.maxFailures * maxLocks} consecutive failures (NIST SP 800-63B ceiling: ${nistCeiling})`,
    `    a password reset lifts only the password lockout: the 2FA count, its locks and the ceiling stay (a mailbox is not the second factor)`,
    `  per account (the owner's known browsers): the same limits, counted apart`,
    `  per client address (IPv6 by /64): ${address.maxFailures} failures per ${minutes(address.windowMs)} window lock it for ${minutes(address.lockMs)}, doubling up to ${minutes(address.maxLockMs)}, no ceiling; a success does not reset it`,
    '',
    'Fastest attacker on one account (guess whenever allowed; every guess wrong):',
    `  bursts of ${account.maxFailures} at ${bursts.map(clockTime).join(', ')} (h:mm), then locked for good`,
    `  waits between bursts: ${locks.map(minutes).join(', ')}`,
    `  first hour:  ${firstHour} guesses  (bursts at 0:00, 0:15, 0:45 = 3 × ${account.maxFailures})`,
    `  from 0:45 on:  ${account.maxFailures} guesses per hour  (one burst per ${minutes(account.maxLockMs)} lock); no hour ever holds more than ${firstHour}`,
    `  first day:   ${firstDay} guesses  (ceiling reached at ${clockTime(schedule.lockedForGoodAt!)} = 15 + 30 + 7 × 60 min; nothing after)`,
    `  ever, without the owner signing in from a known browser: ${schedule.guessTimes.length} guesses; resetting the password (with the mailbox) adds none`,
    '',
    `Chance of success (6-digit TOTP, ±1 step: ${acceptedCodes} accepted codes of ${codeSpace.toLocaleString('en-US')} per guess, p = ${acceptedCodes / codeSpace}):`,
    `  1 guess: ${percent(successProbability(1))};  ${account.maxFailures} guesses (one lock): ${percent(successProbability(account.maxFailures))}`,
    `  first hour (${firstHour}): ${percent(successProbability(firstHour))};  first day / ever (${firstDay}): ${percent(successProbability(firstDay))}`,
    `  a success from a known browser resets both counts (the owner is back), so each such owner sign-in starts the schedule again:`,
    `    owner signs in daily: ${perDayWithDailyOwner}/day → ${perDayWithDailyOwner * 365} per year → ${percent(successProbability(perDayWithDailyOwner * 365))} per year`,
    `    (every sign-in attempt with a wrong code also emails the owner, who should change the password)`,
    '',
    'One address against many accounts:',
    `  bursting: ${guessesWithin(burstSchedule(address, day), hour)} in the first hour, then ${address.maxFailures} per hour`,
    `  pacing ${address.maxFailures - 1} per ${minutes(address.windowMs)} never locks: ${pacedGuessesPer(address, hour)} per hour, ${pacedGuessesPer(address, day)} per day per address,`,
    `  still at most ${account.maxFailures} per account before each lock; many addresses scale it, the per-account limit does not move`,
  ];
}
