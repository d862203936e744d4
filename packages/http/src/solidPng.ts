import { encodePng } from './encodePng.ts';

/**
 * A square PNG of one colour with a lighter inner square: the service icon that the
 * delegated-recovery configuration points to (`icon-152px`), made without image files or tools.
 */
export function solidPng(size: number, rgb: [number, number, number]): Buffer {
  const inset = Math.floor(size / 4);
  const inner = rgb.map((c) => Math.min(255, c + 80)) as [number, number, number];
  return encodePng(size, size, (x, y) => (x >= inset && x < size - inset && y >= inset && y < size - inset ? inner : rgb));
}
