/** At or below this, the settings page urges new codes (GitHub's threshold too). */
export const lowRecoveryCodes = 4;

export function RecoveryCodesLeft({ remaining, total }: { remaining: number; total: number }) {
  const low = remaining <= lowRecoveryCodes;
  return (
    <>
      <p>
        <strong>{remaining}</strong> of {total} recovery codes left.
      </p>
      {low ? (
        <p role="status" className="warning">
          {remaining === 0 ? 'You have no recovery codes left.' : `Only ${remaining} recovery ${remaining === 1 ? 'code is' : 'codes are'} left.`} Generate
          new recovery codes so you can still get in if you lose your phone.
        </p>
      ) : null}
    </>
  );
}
