import type { RecoveryCode } from './RecoveryCode.ts';

/** The codes in two columns where there is room; a spent code is struck through and says so in words. */
export function RecoveryCodeList({ codes, label }: { codes: readonly RecoveryCode[]; label: string }) {
  return (
    <ul className="recovery-codes" aria-label={label}>
      {codes.map(({ code, used }) => (
        <li key={code} className={used ? 'recovery-code-used' : undefined}>
          {used ? (
            <>
              <del>
                <code>{code}</code>
              </del>{' '}
              <span className="muted">(used)</span>
            </>
          ) : (
            <code>{code}</code>
          )}
        </li>
      ))}
    </ul>
  );
}
