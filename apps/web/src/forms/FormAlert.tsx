/** The form's general error, first in the form so it is met before the fields. */
export function FormAlert({ message }: { message: string | null }) {
  if (message === null) return null;
  return (
    <div role="alert" className="form-alert" tabIndex={-1}>
      {message}
    </div>
  );
}
