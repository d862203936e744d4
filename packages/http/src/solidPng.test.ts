import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { solidPng } from './solidPng.ts';

describe('solidPng', () => {
  it('writes a valid 152×152 truecolour PNG', () => {
    const png = solidPng(152, [20, 60, 120]);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.toString('ascii', 12, 16)).toBe('IHDR');
    expect(png.readUInt32BE(16)).toBe(152);
    expect(png.readUInt32BE(20)).toBe(152);
    const idatLength = png.readUInt32BE(33);
    expect(png.toString('ascii', 37, 41)).toBe('IDAT');
    const pixels = inflateSync(png.subarray(41, 41 + idatLength));
    expect(pixels).toHaveLength(152 * (1 + 152 * 3));
    expect([...pixels.subarray(1, 4)]).toEqual([20, 60, 120]);
    expect(png.toString('ascii', png.length - 8, png.length - 4)).toBe('IEND');
  });
});
