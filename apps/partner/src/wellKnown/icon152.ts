import { encodePng } from '@recovery/http';

export const ICON_SIZE = 152;

const background: [number, number, number] = [0x24, 0x29, 0x2f];
const foreground: [number, number, number] = [0x2d, 0xa4, 0x4e];

/** A key on a dark square: the ring at the left, the shaft and two teeth to the right. */
function keyPixel(x: number, y: number): [number, number, number] {
  const ring = Math.hypot(x - 52, y - 76);
  const inRing = ring <= 30 && ring >= 15;
  const inShaft = x >= 78 && x <= 128 && y >= 70 && y <= 82;
  const inTeeth = (x >= 104 && x <= 112 && y > 82 && y <= 100) || (x >= 118 && x <= 128 && y > 82 && y <= 96);
  return inRing || inShaft || inTeeth ? foreground : background;
}

let cached: Buffer | undefined;

/** The 152×152 PNG published as `icon-152px`, drawn once at first use. */
export function icon152Png(): Buffer {
  cached ??= encodePng(ICON_SIZE, ICON_SIZE, keyPixel);
  return cached;
}
