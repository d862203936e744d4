import { useState } from 'react';
import { recordRecoveryCodesEvent, type RecoveryCodesAction } from '../api/recordRecoveryCodesEvent.ts';
import { useSession } from '../session/useSession.ts';
import { downloadRecoveryCodes } from './downloadRecoveryCodes.ts';
import { RecoveryCodesPrintSheet } from './RecoveryCodesPrintSheet.tsx';

export interface RecoveryCodeActionsProps {
  /** Only the codes that still work: a spent code is no use on paper or in a file. */
  codes: readonly string[];
  username: string;
  generatedAt: string;
}

/** "Download", "Print" and "Copy" for a set of recovery codes, with the outcome announced. */
export function RecoveryCodeActions({ codes, username, generatedAt }: RecoveryCodeActionsProps) {
  const [status, setStatus] = useState('');
  const site = { name: useSession().appName, url: window.location.origin };

  function record(action: RecoveryCodesAction) {
    recordRecoveryCodesEvent(action).catch(() => {
      // The user already has the file or the printout; a missing log entry must not undo that.
    });
  }

  function handleDownload() {
    const fileName = downloadRecoveryCodes(codes, { siteName: site.name, siteUrl: site.url, account: username, date: generatedAt.slice(0, 10) });
    setStatus(`Downloaded ${fileName}`);
    record('downloaded');
  }

  function handlePrint() {
    setStatus('');
    window.print();
    record('printed');
  }

  async function handleCopy() {
    try {
      if (!navigator.clipboard) throw new Error('No clipboard');
      await navigator.clipboard.writeText(codes.join('\n'));
      setStatus('Copied');
    } catch {
      setStatus('Could not copy. Select the codes and copy them yourself.');
    }
  }

  return (
    <>
      <div className="actions">
        <button type="button" onClick={handleDownload}>
          Download
        </button>
        <button type="button" onClick={handlePrint}>
          Print
        </button>
        <button type="button" onClick={handleCopy}>
          Copy
        </button>
      </div>
      {/* Always in the page, so assistive technology is already watching it when the text changes. */}
      <p role="status" className="action-status">
        {status}
      </p>
      <RecoveryCodesPrintSheet site={site} username={username} generatedAt={generatedAt} codes={codes} />
    </>
  );
}
