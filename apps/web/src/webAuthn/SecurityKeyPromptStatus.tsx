/**
 * Where a security key is the chosen way: what to do while the browser's prompt is open, and
 * how to try again once it closed without an answer.
 */
export function SecurityKeyPromptStatus({ waiting }: { waiting: boolean }) {
  return (
    <p role="status" className="muted">
      {waiting ? 'Insert or touch your security key when your browser asks for it.' : 'Choose “Use your security key” to try again, or another way below.'}
    </p>
  );
}
