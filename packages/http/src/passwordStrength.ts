import { ZxcvbnFactory } from '@zxcvbn-ts/core';
import type { MatchExtended } from '@zxcvbn-ts/core';
import { adjacencyGraphs, dictionary as commonDictionary } from '@zxcvbn-ts/language-common';
import { dictionary as englishDictionary, translations } from '@zxcvbn-ts/language-en';
import { AppError } from '@recovery/core/errors';

/**
 * Built once per process: the dictionaries take ~100 ms to load, a check then a few ms.
 * Levenshtein matching stays off: it costs 100 ms or more a check, more than the argon2 hash.
 */
let factory: ZxcvbnFactory | undefined;

function estimator(): ZxcvbnFactory {
  factory ??= new ZxcvbnFactory({ dictionary: { ...commonDictionary, ...englishDictionary }, graphs: adjacencyGraphs, translations });
  return factory;
}

/** A zxcvbn score of 0 or 1: fewer than a million guesses. */
const lowestAcceptedScore = 2;

export const TOO_COMMON_MESSAGE = 'This password is too common. Choose one that is hard to guess.';

function isWholeCommonPassword(match: MatchExtended, password: string): boolean {
  return match.pattern === 'dictionary' && 'dictionaryName' in match && match.dictionaryName === 'passwords-common' && match.i === 0 && match.j === password.length - 1;
}

/** Why a new password is refused, or null when it may be used. */
export function guessablePassword(password: string, userInputs: string[] = []): 'common' | 'weak' | null {
  const result = estimator().check(password, userInputs);
  if (result.sequence.some((match) => isWholeCommonPassword(match, password))) return 'common';
  return result.score < lowestAcceptedScore ? 'weak' : null;
}

/**
 * Rule (NIST SP 800-63B §3.1.1.2): a new password (sign-up, change, reset) is checked against
 * commonly used and breached passwords, here zxcvbn's common-password dictionaries (with l33t and
 * reversed spellings), and one it would guess in under a million tries is refused too.
 * `userInputs` (username, email) count as guessable words.
 */
export function refuseGuessablePassword(password: string, field: string, userInputs: string[] = []): void {
  const verdict = guessablePassword(password, userInputs);
  if (!verdict) return;
  const message = verdict === 'common' ? TOO_COMMON_MESSAGE : 'This password is too easy to guess. Choose a longer one, such as a few unrelated words.';
  throw new AppError('password_too_common', message, { fields: [{ path: field, message }] });
}
