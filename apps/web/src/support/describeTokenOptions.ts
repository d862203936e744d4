/** The token's option bits (draft-hill-delegated-recovery): 0x01 status requested, 0x02 low friction. */
export function describeTokenOptions(options: number): string {
  const hex = `0x${options.toString(16).padStart(2, '0')}`;
  const names: string[] = [];
  if (options & 0x01) names.push('status requested');
  if (options & 0x02) names.push('low friction');
  const unknown = options & ~0x03;
  if (unknown !== 0) names.push(`unknown bits 0x${unknown.toString(16)}`);
  return names.length === 0 ? `${hex} (none)` : `${hex} (${names.join(', ')})`;
}
