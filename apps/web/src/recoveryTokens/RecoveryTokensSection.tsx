import { useEffect, useId, useRef, useState } from 'react';
import { recoveryReturnMessage } from '@recovery/core/recoveryReturnErrors';
import { listRecoveryTokens } from '../api/listRecoveryTokens.ts';
import type { RecoveryTokenList, RecoveryTokenView } from '../api/RecoveryTokenList.ts';
import { startSaveRecoveryToken } from '../api/startSaveRecoveryToken.ts';
import { actionErrorMessage } from '../forms/actionErrorMessage.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { followAuthorizationUrl } from '../navigation/followAuthorizationUrl.ts';
import { useTakeSearchParams } from '../navigation/useTakeSearchParams.ts';
import { SuccessStatus } from '../layout/SuccessStatus.tsx';
import { useSuccessMessage } from '../layout/useSuccessMessage.ts';
import { useSudo } from '../sudo/useSudo.ts';
import { RecoveryTokenItem } from './RecoveryTokenItem.tsx';
import { partnerOrigin } from './partnerOrigin.ts';
import { StoreTokenExplainer } from './StoreTokenExplainer.tsx';

/** The account service sends the browser back with one of these after "Connect with …". */
const returnParams = ['recovery_token', 'recovery_error'] as const;

/**
 * Recover Accounts Elsewhere: recovery tokens stored with the partner, shown when a partner is
 * configured. Storing one leaves for the partner and comes back to `#recovery-tokens`.
 */
export function RecoveryTokensSection() {
  const { runWithSudo, requireSudo } = useSudo();
  const returned = useTakeSearchParams(returnParams);
  const [list, setList] = useState<RecoveryTokenList | null>(null);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [explaining, setExplaining] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const success = useSuccessMessage();
  const returnError = returned.recovery_error;
  const saved = returned.recovery_token === 'saved';
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  const storeButtonRef = useRef<HTMLButtonElement>(null);
  const returning = useRef(false);

  useEffect(() => {
    const controller = new AbortController();
    listRecoveryTokens(controller.signal).then(setList, (cause: unknown) => {
      if (!controller.signal.aborted) setLoadError(actionErrorMessage(cause) ?? 'Could not load your recovery tokens.');
    });
    return () => controller.abort();
  }, []);

  // Back from the partner, the outcome is in this section: bring it into view and focus.
  const cameBack = saved || returnError !== null;
  const loaded = list !== null || loadError !== null;
  const partnerName = list?.partner?.name ?? null;
  useEffect(() => {
    if (cameBack && loaded) headingRef.current?.focus();
    // In the section's one success message, so a later action's message replaces it.
    if (saved && loaded) success.say(`Your recovery token is stored${partnerName ? ` with ${partnerName}` : ''}.`);
  }, [cameBack, loaded]);

  // After "Cancel" the explainer is gone; focus returns to the button that opened it.
  useEffect(() => {
    if (!explaining && returning.current) {
      returning.current = false;
      storeButtonRef.current?.focus();
    }
  }, [explaining]);

  if (list !== null && list.partner === null && list.tokens.length === 0) return null;
  if (!loaded) return null;

  const partner = list?.partner ?? null;

  async function handleStore() {
    setError(null);
    success.say('');
    try {
      await requireSudo();
      setExplaining(true);
    } catch (cause) {
      setError(actionErrorMessage(cause));
    }
  }

  async function handleConnect() {
    if (busy) return;
    setBusy(true);
    setError(null);
    try {
      const authorizationUrl = await runWithSudo(startSaveRecoveryToken);
      // The browser leaves for the partner; the button stays disabled until it has.
      followAuthorizationUrl(authorizationUrl);
    } catch (cause) {
      setError(actionErrorMessage(cause));
      setBusy(false);
    }
  }

  function handleCancel() {
    returning.current = true;
    setError(null);
    setExplaining(false);
  }

  function handleDeleted(token: RecoveryTokenView) {
    setList((previous) => (previous ? { ...previous, tokens: previous.tokens.filter((existing) => existing.id !== token.id) } : previous));
    // Say what remains where: the partner's copy is inert, and goes at the next save there.
    success.say(`Recovery token deleted here. It can no longer recover your account; ${partnerOrigin(token.partner)} keeps an unreadable copy until you remove it there or store your next token.`);
    // The focused button went with its token.
    headingRef.current?.focus();
  }

  const tokens = list?.tokens ?? [];

  return (
    <section id="recovery-tokens" aria-labelledby={headingId} className="panel">
      <h2 id={headingId} ref={headingRef} tabIndex={-1}>
        Recovery tokens
      </h2>
      <p className="muted">
        Recover Accounts Elsewhere: keep a recovery token with {partner ? partner.name : 'a partner'}, a site where you have another account. If you
        lose every other way to pass two-factor authentication, {partner ? partner.name : 'the partner'} can vouch for you with that token, and our
        support team can then turn two-factor authentication off for you.
      </p>

      <SuccessStatus message={success.message} />
      {returnError !== null ? (
        <div role="alert" className="form-alert">
          The recovery token was not stored: {recoveryReturnMessage(returnError)}
        </div>
      ) : null}
      {loadError !== null ? <FormAlert message={loadError} /> : null}

      {list !== null && tokens.length === 0 ? <p>No recovery tokens stored.</p> : null}
      {tokens.length > 0 ? (
        <ul className="plain-list key-list" aria-labelledby={headingId}>
          {tokens.map((token) => (
            <RecoveryTokenItem key={token.id} token={token} partner={partner} onDeleted={handleDeleted} />
          ))}
        </ul>
      ) : null}

      {partner !== null ? (
        explaining ? (
          <StoreTokenExplainer partner={partner} busy={busy} error={error} onConnect={handleConnect} onCancel={handleCancel} />
        ) : (
          <>
            <FormAlert message={error} />
            <button ref={storeButtonRef} type="button" onClick={handleStore}>
              Store new token
            </button>
          </>
        )
      ) : null}
    </section>
  );
}
