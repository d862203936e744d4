/**
 * The one success style. The live region stays in the page while empty, so screen readers
 * (politely) announce each message as it arrives; useSuccessMessage takes it away again.
 */
export function SuccessStatus({ message }: { message: string }) {
  return (
    <p role="status" className="notice-success">
      {message}
    </p>
  );
}
