type CoreApi = typeof import('@recovery/core/api/index');
type AccountOperations = CoreApi['accountOperations'];

let loading: Promise<CoreApi> | null = null;

/**
 * The shared schemas (zod) load on first use, not with the first page: signing in renders and
 * takes input without them, and they arrive before the first submit needs them.
 */
export function loadCoreApi(): Promise<CoreApi> {
  loading ??= import('@recovery/core/api/index');
  return loading;
}

export async function accountOperation<K extends keyof AccountOperations>(name: K): Promise<AccountOperations[K]> {
  return (await loadCoreApi()).accountOperations[name];
}
