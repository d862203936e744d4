import { renameSecurityKeyRequest } from '@recovery/core/api/index';
import { FormActions } from '../forms/FormActions.tsx';
import { FormAlert } from '../forms/FormAlert.tsx';
import { TextField } from '../forms/TextField.tsx';
import { useApiForm } from '../forms/useApiForm.ts';
import { useSudo } from '../sudo/useSudo.ts';

interface Nicknamed {
  id: string;
  nickname: string;
}

export interface RenameSecurityKeyFormProps<K extends Nicknamed> {
  /** A security key or a passkey: both are WebAuthn credentials with a nickname. */
  securityKey: K;
  rename(id: string, nickname: string): Promise<K>;
  onRenamed(key: K): void;
  onCancel(): void;
}

export function RenameSecurityKeyForm<K extends Nicknamed>({ securityKey, rename, onRenamed, onCancel }: RenameSecurityKeyFormProps<K>) {
  const { runWithSudo } = useSudo();
  const form = useApiForm({ nickname: securityKey.nickname });

  const handleSubmit = form.onSubmit({
    schema: renameSecurityKeyRequest,
    action: async ({ nickname }) => onRenamed(await runWithSudo(() => rename(securityKey.id, nickname))),
  });

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate className="stack" aria-label={`Rename ${securityKey.nickname}`}>
      <FormAlert message={form.generalError} />
      <TextField {...form.fieldProps('nickname')} label="Nickname" type="text" autoComplete="off" autoFocus />
      <FormActions submitLabel="Save" submitting={form.submitting} onCancel={onCancel} />
    </form>
  );
}
