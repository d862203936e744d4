/** Every combination of true/false over `items`' keys, all false first (2^n rows). */
export function everyCombination<K extends string>(items: readonly { key: K }[]): Record<K, boolean>[] {
  const rows: Record<K, boolean>[] = [];
  for (let mask = 0; mask < 1 << items.length; mask++) {
    rows.push(Object.fromEntries(items.map((item, index) => [item.key, (mask & (1 << index)) !== 0])) as Record<K, boolean>);
  }
  return rows;
}
