/**
 * The brute-force check: two account-service instances on one PostgreSQL database, an attacker
 * who knows the victim's password guessing authenticator codes against both (one at a time, and
 * in bursts of 200 simultaneous guesses), the mailbox used to reset the password, the owner
 * signing in meanwhile; then the real limiters on a simulated clock and the lockout arithmetic
 * from the configured policy. Exits 1 if any limit did not hold.
 *
 *   npm run bruteforce            (PostgreSQL at TEST_POSTGRES_URL, or postgres@127.0.0.1:5432)
 */
import { createAccountDb, redactUrl } from '@recovery/db';
import type { AccountDb } from '@recovery/db';
import { accountKey, twoFactorLimits } from '@recovery/account/twoFactor/twoFactorLimits';
import { ApiBrowser, errorMessage } from './apiBrowser.ts';
import { signUp, signUpWithTwoFactor } from './accountUsers.ts';
import { startAccountInstances } from './accountInstances.ts';
import type { AccountInstances } from './accountInstances.ts';
import { codesChecked, concurrentBurst, guessUntilRefused, ownerSignsIn, resetPasswordByMail, rightCodeOnEachInstance, tallyAnswers, wrongPasswordStep } from './lockoutProbe.ts';
import type { Attempt, Victim } from './lockoutProbe.ts';
import { policyReport } from './policyReport.ts';
import { concurrentFailures, simulateBurstAttacker } from './simulateGuessing.ts';
import { burstSchedule, day, twoFactorPolicy } from './twoFactorPolicy.ts';

const serverUrl = process.env.BRUTEFORCE_POSTGRES_URL ?? process.env.TEST_POSTGRES_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const names = ['A', 'B'];
const failures: string[] = [];
const perAccount = twoFactorPolicy.perAccount.maxFailures;
const perAddress = twoFactorPolicy.perAddress.maxFailures;
const ceiling = perAccount * (twoFactorPolicy.perAccount.maxLocks ?? Infinity);

function check(ok: boolean, what: string): string {
  if (!ok) failures.push(what);
  return `${ok ? 'PASS' : 'FAIL'}  ${what}`;
}

function describeAttempt(a: Attempt): string {
  const detail = a.status === 429 ? `${a.code}, Retry-After ${a.retryAfter} s: ${a.message}` : a.status === 401 ? `${a.message}` : `${a.code ?? ''}`;
  return `${names[a.instance]} ${a.status} ${detail}`;
}

/** In a one-at-a-time run, whether the service looked at the code (400, or the fifth code's 401). */
function evaluated(a: Attempt): boolean {
  return (a.status === 400 && a.code === 'invalid_code') || (a.status === 401 && (a.message ?? '').startsWith('Too many wrong codes'));
}

async function victim(instances: AccountInstances, username: string, ip: string): Promise<{ owner: ApiBrowser; victim: Victim }> {
  const owner = new ApiBrowser(instances.origins[0]!, { ip, userAgent: 'OwnerLaptop/1.0' });
  const { device } = await signUpWithTwoFactor(owner, username);
  return { owner, victim: { login: username, device } };
}

async function lockRow(db: AccountDb, username: string) {
  const user = await db.user.findUniqueOrThrow({ where: { username } });
  return db.rateLimit.findUnique({ where: { key: accountKey(user.id, false) } });
}

async function liveSequential(instances: AccountInstances, db: AccountDb): Promise<void> {
  const { origins } = instances;
  const { owner, victim: target } = await victim(instances, 'victim', '198.51.100.7');
  const attacker = () => new ApiBrowser(origins[0]!, { ip: '203.0.113.66', userAgent: 'Attacker/1.0' });

  console.log('\n1. One attacker, one guess at a time, alternating A and B (password known; address 203.0.113.66)');
  const attempts = await guessUntilRefused(origins, attacker(), target);
  attempts.forEach((a, i) => console.log(`   guess ${String(i + 1).padStart(2)}${a.newSignIn ? ' (new sign-in)' : '              '}  ${describeAttempt(a)}`));
  const wrongBeforeLock = attempts.filter(evaluated).length;
  const perInstance = names.map((_, i) => attempts.filter((a) => evaluated(a) && a.instance === i).length);
  console.log(`   ${check(wrongBeforeLock === perAccount && attempts.at(-1)?.status === 429, `account locked after ${wrongBeforeLock} failures (${perInstance[0]} on A, ${perInstance[1]} on B)`)}`);
  const voided = attempts.filter((a) => a.status === 401).length;
  console.log(`   ${check(voided === 2 && attempts[twoFactorPolicy.perSignIn - 1]?.status === 401, `each sign-in attempt void after ${twoFactorPolicy.perSignIn} wrong codes (${voided} voided)`)}`);
  console.log(`   ${check((await codesChecked(db, 'victim')) === perAccount, `the security log holds ${await codesChecked(db, 'victim')} checked codes`)}`);
  const right = await rightCodeOnEachInstance(origins, attacker(), target);
  console.log(`   ${check(right.every((a) => a.status === 429), `the right code while locked: ${right.map(describeAttempt).join('; ')}`)}`);
  const lock = await lockRow(db, 'victim');
  console.log(`   lock row: lockCount ${lock?.lockCount}, locked until ${lock?.lockedUntil?.toISOString()} (${Math.round((lock!.lockedUntil!.getTime() - Date.now()) / 60_000)} min from now)`);

  console.log('\n2. The attacker also holds the mailbox and resets the password during the lock');
  const reset = await resetPasswordByMail(origins, db, 'victim', '203.0.113.66');
  const afterReset = await lockRow(db, 'victim');
  const unchanged = afterReset?.count === lock?.count && afterReset?.lockCount === lock?.lockCount && afterReset?.lockedUntil?.getTime() === lock?.lockedUntil?.getTime();
  console.log(`   ${check(reset.status < 300 && unchanged, `reset answered ${reset.status}; the 2FA lock row is unchanged (count ${afterReset?.count}, lockCount ${afterReset?.lockCount}, same lockedUntil)`)}`);
  const rightAfterReset = await rightCodeOnEachInstance(origins, attacker(), target);
  console.log(`   ${check(rightAfterReset.every((a) => a.status === 429), `the right code after the reset: ${rightAfterReset.map(describeAttempt).join('; ')}`)}`);

  console.log('\n3. The owner, on the browser they signed up with (address 198.51.100.7), during the lock');
  // The reset signed every session out: the owner's browser reloads the page first.
  await owner.get('/api/session', origins[0]);
  const signedIn = await ownerSignsIn(origins, owner, target);
  console.log(`   ${check(signedIn.status === 200, `password on A, code on B: ${signedIn.status}`)}`);
  const after = await guessUntilRefused(origins, attacker(), target, 1);
  console.log(`   the attacker's next guess after the owner's success: ${describeAttempt(after[0]!)}`);
  console.log(`   (by design a known-browser success resets both counts: the attacker's schedule starts again)`);

  console.log('\n4. One address against several accounts (203.0.113.99)');
  const others = await Promise.all(['victim2', 'victim3', 'victim4'].map((u, i) => victim(instances, u, `198.51.100.${20 + i}`)));
  const from = () => new ApiBrowser(origins[1]!, { ip: '203.0.113.99', userAgent: 'Attacker/1.0' });
  const first = await guessUntilRefused(origins, from(), others[0]!.victim);
  const second = await guessUntilRefused(origins, from(), others[1]!.victim);
  console.log(`   victim2: ${first.filter(evaluated).length} failures, then ${first.at(-1)?.message}`);
  console.log(`   victim3: ${second.filter(evaluated).length} failures, then ${second.at(-1)?.message}`);
  const third = await rightCodeOnEachInstance(origins, from(), others[2]!.victim);
  console.log(`   ${check(third.every((a) => a.status === 429 && (a.message ?? '').includes('address')), `victim4 from the same address (right code): ${third.map(describeAttempt).join('; ')}`)}`);
  const elsewhere = await guessUntilRefused(origins, new ApiBrowser(origins[0]!, { ip: '192.0.2.44' }), others[2]!.victim, 1);
  console.log(`   victim4 from another address: ${describeAttempt(elsewhere[0]!)}`);

  console.log('\n5. The password step: an unknown login is counted like an account (address 203.0.113.70 and .71)');
  await signUp(new ApiBrowser(origins[0]!, { ip: '198.51.100.60' }), 'pw-victim');
  const passwordAnswers = async (login: string, ip: string): Promise<string[]> => {
    const guesser = new ApiBrowser(origins[0]!, { ip, userAgent: 'Guesser/1.0' });
    const answers: string[] = [];
    for (let i = 0; i <= 10; i++) {
      const res = await wrongPasswordStep(guesser, login, origins[i % origins.length]!);
      answers.push(`${res.status} ${errorMessage(res)}`);
    }
    return answers;
  };
  const known = await passwordAnswers('pw-victim', '203.0.113.70');
  const unknown = await passwordAnswers('no-such-user', '203.0.113.71');
  console.log(`   existing account: 10 × "${known[0]}", then "${known[10]}"`);
  console.log(`   unknown login:    10 × "${unknown[0]}", then "${unknown[10]}"`);
  console.log(`   ${check(JSON.stringify(known) === JSON.stringify(unknown) && known[10]!.startsWith('429'), 'the same answers, lock included: a lock does not tell whether the account exists')}`);
}

interface BurstResult {
  attempts: Attempt[];
  checked: number;
  errors: number;
}

async function burst(instances: AccountInstances, db: AccountDb, target: Victim, ip: string | ((i: number) => string), signIns: number, perSignIn: number): Promise<BurstResult> {
  const before = await codesChecked(db, target.login);
  const attempts = await concurrentBurst(instances.origins, ip, target, signIns, perSignIn);
  return { attempts, checked: (await codesChecked(db, target.login)) - before, errors: attempts.filter((a) => a.status >= 500).length };
}

function printTally(attempts: Attempt[]): void {
  for (const line of tallyAnswers(attempts)) console.log(`       ${line}`);
}

async function liveConcurrent(instances: AccountInstances, db: AccountDb): Promise<void> {
  console.log('\n6. Bursts: many guesses in flight at once, on both instances (every guess is reserved before its code is checked;');
  console.log('   "checked" counts the codes the service looked at, from its security log: user.two_factor_challenge_failure)');
  const signIns = 40;
  const total = signIns * twoFactorPolicy.perSignIn;

  const { victim: oneAddress } = await victim(instances, 'burst-one-address', '198.51.100.41');
  const r1 = await burst(instances, db, oneAddress, '203.0.113.111', signIns, twoFactorPolicy.perSignIn);
  console.log(`   ${check(r1.checked <= perAccount && r1.errors === 0, `${signIns} sign-ins from one address × ${twoFactorPolicy.perSignIn} codes = ${total} at once → ${r1.checked} checked (limit ${perAccount}), ${r1.errors} answered 5xx; lock count now ${(await lockRow(db, oneAddress.login))?.lockCount ?? 0}`)}`);
  printTally(r1.attempts);

  const { victim: manyAddresses } = await victim(instances, 'burst-many-addresses', '198.51.100.42');
  const r2 = await burst(instances, db, manyAddresses, (i) => `198.18.0.${i + 1}`, signIns, twoFactorPolicy.perSignIn);
  console.log(`   ${check(r2.checked <= perAccount && r2.errors === 0, `${signIns} sign-ins from ${signIns} addresses × ${twoFactorPolicy.perSignIn} codes = ${total} at once → ${r2.checked} checked (limit ${perAccount}), ${r2.errors} answered 5xx; lock count now ${(await lockRow(db, manyAddresses.login))?.lockCount ?? 0}`)}`);
  printTally(r2.attempts);

  // One address against ten accounts at once: the per-address limit must hold under a burst too.
  const targets = await Promise.all(Array.from({ length: 10 }, (_, i) => victim(instances, `burst-spread${i}`, `198.51.100.${70 + i}`)));
  const beforeSpread = await Promise.all(targets.map((t) => codesChecked(db, t.victim.login)));
  const spread = (await Promise.all(targets.map((t) => concurrentBurst(instances.origins, '203.0.113.112', t.victim, 4, twoFactorPolicy.perSignIn)))).flat();
  const spreadChecked = (await Promise.all(targets.map((t) => codesChecked(db, t.victim.login)))).map((n, i) => n - beforeSpread[i]!);
  const spreadSum = spreadChecked.reduce((a, b) => a + b, 0);
  const spreadErrors = spread.filter((a) => a.status >= 500).length;
  console.log(`   ${check(spreadSum <= perAddress && Math.max(...spreadChecked) <= perAccount && spreadErrors === 0, `one address, 10 accounts × 4 sign-ins × ${twoFactorPolicy.perSignIn} codes = ${spread.length} → ${spreadSum} checked (per-address limit ${perAddress}; per account ${spreadChecked.join('/')}), ${spreadErrors} answered 5xx`)}`);
  printTally(spread);

  // Up to the ceiling: burst after burst (each from 40 fresh addresses) until the lock is for
  // good. The locks cannot be waited out live, so each is expired by moving lockedUntil back.
  const { victim: patient } = await victim(instances, 'burst-ceiling', '198.51.100.49');
  const key = accountKey((await db.user.findUniqueOrThrow({ where: { username: 'burst-ceiling' } })).id, false);
  let checkedTotal = 0;
  let bursts = 0;
  let burstErrors = 0;
  const perBurst: number[] = [];
  for (; bursts < 15; bursts++) {
    const row = await db.rateLimit.findUnique({ where: { key } });
    if (row?.lockedUntil && row.lockedUntil.getTime() - Date.now() > 365 * day) break;
    if (row?.lockedUntil) await db.rateLimit.update({ where: { key }, data: { lockedUntil: new Date(Date.now() - 1000) } });
    const r = await burst(instances, db, patient, (i) => `198.18.${bursts + 1}.${i + 1}`, signIns, twoFactorPolicy.perSignIn);
    perBurst.push(r.checked);
    checkedTotal += r.checked;
    burstErrors += r.errors;
  }
  const forGood = await db.rateLimit.findUniqueOrThrow({ where: { key } });
  const lockedForGood = !!forGood.lockedUntil && forGood.lockedUntil.getTime() - Date.now() > 365 * day;
  console.log(`   ${check(checkedTotal <= ceiling && lockedForGood && burstErrors === 0, `bursts of ${total} until locked for good: ${checkedTotal} checked in ${bursts} bursts (${perBurst.join(' + ')}; ceiling ${ceiling}), ${burstErrors} answered 5xx`)}`);
  const afterCeiling = await burst(instances, db, patient, (i) => `198.18.100.${i + 1}`, signIns, twoFactorPolicy.perSignIn);
  console.log(`   ${check(afterCeiling.checked === 0, `one more burst of ${total} after the ceiling → ${afterCeiling.checked} checked`)}`);

  const { victim: single } = await victim(instances, 'burst-single', '198.51.100.50');
  const one = await burst(instances, db, single, '203.0.113.120', 1, 12);
  console.log(`   ${check(one.checked <= twoFactorPolicy.perSignIn && one.errors === 0, `one sign-in attempt, 12 codes at once → ${one.checked} checked (limit ${twoFactorPolicy.perSignIn}), ${one.errors} answered 5xx`)}`);
  printTally(one.attempts);
}

async function simulated(db: AccountDb): Promise<void> {
  console.log('\n7. The real limiters on this database (attempt(), as the 2FA step uses them) with a simulated clock');
  const clock = { now: new Date() };
  const limits = twoFactorLimits(db, () => clock.now);
  const run = await simulateBurstAttacker(limits.perAccount, accountKey('simulated-victim', false), clock, 3 * day);
  const computed = burstSchedule(twoFactorPolicy.perAccount, 3 * day);
  const same = JSON.stringify(run) === JSON.stringify(computed);
  console.log(`   ${check(same, `simulated over 3 days: ${run.guessTimes.length} guesses, locked for good ${(run.lockedForGoodAt ?? 0) / 60_000} min after the first; matches the arithmetic below`)}`);
  const racing = await concurrentFailures(limits.perAccount, accountKey('simulated-burst', false), 200);
  console.log(`   ${check(racing.granted === perAccount && racing.locksSet === 1, `200 simultaneous reservations on one account key: ${racing.granted} granted, ${racing.refused} refused, ${racing.locksSet} lock set`)}`);
}

async function main(): Promise<void> {
  const started = Date.now();
  console.log('Brute force against the two-factor step: two account-service instances, one PostgreSQL database');
  let instances: AccountInstances;
  try {
    instances = await startAccountInstances('postgresql', 2, serverUrl);
  } catch (error) {
    console.error(`Could not start two instances on PostgreSQL at ${redactUrl(serverUrl)}: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`);
    console.error('Set TEST_POSTGRES_URL (or BRUTEFORCE_POSTGRES_URL) to a server where a scratch database can be created.');
    process.exitCode = 1;
    return;
  }
  const db = createAccountDb(instances.scratch.url, { poolSize: 4 });
  // Ctrl-C still stops both instances and drops the scratch database.
  process.once('SIGINT', () => {
    void instances.cleanup.run().finally(() => process.exit(130));
  });
  try {
    console.log(`   scratch database ${redactUrl(instances.scratch.url)} (dropped at the end)`);
    instances.origins.forEach((origin, i) => console.log(`   instance ${names[i]}: ${origin}`));
    await liveSequential(instances, db);
    await liveConcurrent(instances, db);
    await simulated(db);
    console.log('\n8. Guesses an attacker gets, computed from the policy');
    for (const line of policyReport()) console.log(`   ${line}`);
  } catch (error) {
    failures.push(`the run stopped: ${error instanceof Error ? error.message : String(error)}`);
  } finally {
    await db.$disconnect();
    await instances.cleanup.run();
  }
  console.log(`\nVerdict (${((Date.now() - started) / 1000).toFixed(1)} s):`);
  if (failures.length === 0) {
    console.log('   the attempt limits held across both instances in every run, one guess at a time and in bursts');
  } else {
    for (const failure of failures) console.log(`   NOT HELD: ${failure}`);
    process.exitCode = 1;
  }
}

await main();
