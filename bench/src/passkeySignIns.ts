import type autocannon from 'autocannon';
import { idleRequest } from './requestHelpers.ts';
import type { VirtualPasskey } from './virtualPasskeys.ts';

/** What one side needs to sign in with a passkey in two calls: ask for a challenge, answer it. */
export interface PasskeySide {
  /** The origin the assertion's client data names (the service's public origin). */
  origin: string;
  /** The user handle this side's registration gave the credential. */
  userHandle(passkey: VirtualPasskey): string;
  /** Shapes the request for authentication options. */
  askChallenge(request: autocannon.Request, passkey: VirtualPasskey): autocannon.Request;
  /** The challenge (and any cookie carrying its state) from the options response, or null. */
  challengeFrom(body: string, headers: Record<string, unknown>): { challenge: string; cookie?: string } | null;
  /** Shapes the request that posts the assertion. */
  answer(request: autocannon.Request, passkey: VirtualPasskey, assertion: unknown, cookie: string | undefined): autocannon.Request;
}

interface SignInContext {
  passkey?: VirtualPasskey;
  challenge?: string;
  cookie?: string;
}

/**
 * One passkey sign-in as a browser makes it, as an autocannon sequence of two calls on the same
 * connection: the options (a fresh challenge), then the assertion the user's virtual
 * authenticator signs over it (authenticatorData with the RP id hash, UP|UV and the next counter;
 * clientDataJSON of type webauthn.get; ECDSA P-256 with SHA-256). Each sign-in is the next user; credentials never run out
 * (the counter just moves on).
 */
export function passkeySignIns(side: PasskeySide, passkeys: VirtualPasskey[]): autocannon.Request[] {
  let next = 0;
  return [
      {
        setupRequest: (request, context) => {
          const state = context as SignInContext;
          const passkey = passkeys[next++ % passkeys.length]!;
          state.passkey = passkey;
          return side.askChallenge(request, passkey);
        },
        onResponse: (status, body, context, headers) => {
          const state = context as SignInContext;
          const found = status === 200 ? side.challengeFrom(body, headers as Record<string, unknown>) : null;
          state.challenge = found?.challenge;
          state.cookie = found?.cookie;
        },
      },
      {
        setupRequest: (request, context) => {
          const { passkey, challenge, cookie } = context as SignInContext;
          if (!passkey) return idleRequest(request);
          // No challenge came back: post an empty answer, which each side refuses with a 4xx, so
          // the failure shows in the run's non-2xx count instead of passing as a harmless call.
          if (!challenge) return side.answer(request, passkey, {}, cookie);
          const assertion = passkey.authenticator.authenticate({ challenge }, { origin: side.origin, userHandle: side.userHandle(passkey) });
          return side.answer(request, passkey, assertion, cookie);
        },
      },
  ];
}
