import { useId, useRef } from 'react';
import type { RecoveryCodesView } from '@recovery/core/api/index';
import { useFocusOnMount } from '../layout/useFocusOnMount.ts';
import { RecoveryCodeActions } from './RecoveryCodeActions.tsx';
import { RecoveryCodeList } from './RecoveryCodeList.tsx';

export interface ShownRecoveryCodesProps {
  view: RecoveryCodesView;
  onClose(): void;
}

/** The current set again, spent codes marked, for saving it anew. */
export function ShownRecoveryCodes({ view, onClose }: ShownRecoveryCodesProps) {
  const headingId = useId();
  const headingRef = useRef<HTMLHeadingElement>(null);
  useFocusOnMount(headingRef);
  const usable = view.codes.filter((entry) => !entry.used).map((entry) => entry.code);

  return (
    <div role="group" aria-labelledby={headingId} className="subpanel">
      <h3 id={headingId} ref={headingRef} tabIndex={-1}>
        Your recovery codes
      </h3>
      <p>
        {usable.length} of {view.codes.length} codes can still be used. Download, Print and Copy include only those.
      </p>
      <RecoveryCodeList codes={view.codes} label="Recovery codes" />
      <RecoveryCodeActions codes={usable} username={view.username} generatedAt={view.generatedAt} />
      <p>
        <button type="button" onClick={onClose}>
          Hide recovery codes
        </button>
      </p>
    </div>
  );
}
