import { widths } from './atEachWidth.ts';

/** A journey is run once per width (in one browser session each): the laptop, then the small phone. */
export const journeyWidths = widths.map((size) => ({ name: `${size.width} px`, viewport: size }));
