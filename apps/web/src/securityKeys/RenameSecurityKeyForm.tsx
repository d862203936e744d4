import { renameSecurityKeyRequest, type SecurityKeyView } from '@recovery/core/api/index';
import { renameSecurityKey } from '../api/renameSecurityKey.ts';
import { FormActions } from '../forms/FormActions.tsx';
import { FormAlert } from '../forms/FormAlert.tsx';
import { TextField } from '../forms/TextField.tsx';
import { useApiForm } from '../forms/useApiForm.ts';
import { useSudo } from '../sudo/useSudo.ts';

export interface RenameSecurityKeyFormProps {
  securityKey: SecurityKeyView;
  onRenamed(key: SecurityKeyView): void;
  onCancel(): void;
}

export function RenameSecurityKeyForm({ securityKey, onRenamed, onCancel }: RenameSecurityKeyFormProps) {
  const { runWithSudo } = useSudo();
  const form = useApiForm({ nickname: securityKey.nickname });

  const handleSubmit = form.onSubmit({
    schema: renameSecurityKeyRequest,
    action: async ({ nickname }) => onRenamed(await runWithSudo(() => renameSecurityKey(securityKey.id, nickname))),
  });

  return (
    <form ref={form.formRef} onSubmit={handleSubmit} noValidate className="stack" aria-label={`Rename ${securityKey.nickname}`}>
      <FormAlert message={form.generalError} />
      <TextField {...form.fieldProps('nickname')} label="Nickname" type="text" autoComplete="off" autoFocus />
      <FormActions submitLabel="Save" submitting={form.submitting} onCancel={onCancel} />
    </form>
  );
}
