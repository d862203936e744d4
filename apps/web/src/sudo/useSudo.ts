import { useContext } from 'react';
import { SudoContext, type SudoContextValue } from './SudoContext.ts';

export function useSudo(): SudoContextValue {
  const value = useContext(SudoContext);
  if (value === null) throw new Error('useSudo must be used inside <SudoProvider>');
  return value;
}
