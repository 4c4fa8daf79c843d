import type { CSSProperties } from 'react';

/*
 * A community's colours as CSS custom properties, with text colours chosen for contrast: the
 * banner's text is black or white, whichever reads better on the primary colour, and the
 * colour used for text and links on the page's white is darkened until it reaches WCAG AA
 * (4.5:1). An admin may pick any colour; the portal stays readable.
 */

const HEX = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i;
type Rgb = [number, number, number];

function rgb(hex: string): Rgb | undefined {
  const m = HEX.exec(hex);
  return m
    ? [Number.parseInt(m[1] ?? '0', 16), Number.parseInt(m[2] ?? '0', 16), Number.parseInt(m[3] ?? '0', 16)]
    : undefined;
}

const toHex = (c: Rgb) => `#${c.map((v) => Math.round(v).toString(16).padStart(2, '0')).join('')}`;

/** WCAG relative luminance. */
export function luminance(hex: string): number {
  const c = rgb(hex) ?? [0, 0, 0];
  const [r, g, b] = c.map((v) => {
    const s = v / 255;
    return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
  }) as Rgb;
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** WCAG contrast ratio of two colours (1 to 21). */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever contrasts more with `background`. */
export function textOn(background: string): '#000000' | '#ffffff' {
  return contrast(background, '#000000') >= contrast(background, '#ffffff') ? '#000000' : '#ffffff';
}

/** `colour` darkened in small steps until it reaches `ratio` against white. */
export function readableOnWhite(colour: string, ratio = 4.5): string {
  let c = rgb(colour) ?? [0, 0, 0];
  for (let i = 0; i < 40 && contrast(toHex(c), '#ffffff') < ratio; i++) c = c.map((v) => v * 0.92) as Rgb;
  return toHex(c);
}

/** The custom properties the portal's stylesheet reads (communities.css). */
export function brandStyle(primary: string, accent: string): CSSProperties {
  return {
    '--community-primary': primary,
    '--community-on-primary': textOn(primary),
    '--community-accent': accent,
    '--community-on-accent': textOn(accent),
    '--community-link': readableOnWhite(primary),
  } as CSSProperties;
}
