import { useRef, useState, type FormEvent } from 'react';
import { renameSecurityKeyRequest, type SecurityKeyView } from '@recovery/core/api/index';
import { renameSecurityKey } from '../api/renameSecurityKey.ts';
import { FormAlert } from '../forms/FormAlert.tsx';
import { formErrorsFrom, noFormErrors, type FormErrors } from '../forms/FormErrors.ts';
import { TextField } from '../forms/TextField.tsx';
import { useFocusFirstError } from '../forms/useFocusFirstError.ts';
import { validateForm } from '../forms/validateForm.ts';
import { isSudoCancelled } from '../sudo/SudoCancelledError.ts';
import { useSudo } from '../sudo/useSudo.ts';

const fieldNames = ['nickname'] as const;
type Field = (typeof fieldNames)[number];

export interface RenameSecurityKeyFormProps {
  securityKey: SecurityKeyView;
  onRenamed(key: SecurityKeyView): void;
  onCancel(): void;
}

export function RenameSecurityKeyForm({ securityKey, onRenamed, onCancel }: RenameSecurityKeyFormProps) {
  const { runWithSudo } = useSudo();
  const [nickname, setNickname] = useState(securityKey.nickname);
  const [errors, setErrors] = useState<FormErrors<Field>>(noFormErrors);
  const [saving, setSaving] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  useFocusFirstError(formRef, errors);

  async function handleSubmit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    if (saving) return;
    const validation = validateForm(renameSecurityKeyRequest, { nickname }, fieldNames);
    if (!validation.ok) {
      setErrors(validation.errors);
      return;
    }
    setErrors(noFormErrors());
    setSaving(true);
    try {
      onRenamed(await runWithSudo(() => renameSecurityKey(securityKey.id, validation.data.nickname)));
    } catch (error) {
      if (!isSudoCancelled(error)) setErrors(formErrorsFrom(error, fieldNames));
    } finally {
      setSaving(false);
    }
  }

  return (
    <form ref={formRef} onSubmit={handleSubmit} noValidate className="stack" aria-label={`Rename ${securityKey.nickname}`}>
      <FormAlert message={errors.form} />
      <TextField name="nickname" label="Nickname" type="text" autoComplete="off" value={nickname} onChange={setNickname} error={errors.fields.nickname} autoFocus />
      <div className="actions">
        <button type="submit" className="button-primary" disabled={saving}>
          Save
        </button>
        <button type="button" onClick={onCancel} disabled={saving}>
          Cancel
        </button>
      </div>
    </form>
  );
}
