/**
 * "Upgrade to passkey" happens in the security keys section and changes the passkeys list; the
 * two sections share no parent state, so the change is announced here.
 */
const target = new EventTarget();

export function announcePasskeysChanged(): void {
  target.dispatchEvent(new Event('changed'));
}

export function onPasskeysChanged(listener: () => void): () => void {
  target.addEventListener('changed', listener);
  return () => target.removeEventListener('changed', listener);
}
