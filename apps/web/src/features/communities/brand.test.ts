import { describe, expect, it } from 'vitest';
import { brandStyle, contrast, readableOnWhite, textOn } from './brand';

describe('community branding', () => {
  it('computes WCAG contrast ratios', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });

  it('writes black on light colours and white on dark ones, always at AA or better', () => {
    for (const bg of ['#ffd700', '#ffcc00', '#00ff00', '#f0f0f0']) {
      expect(textOn(bg)).toBe('#000000');
      expect(contrast(bg, textOn(bg))).toBeGreaterThanOrEqual(4.5);
    }
    for (const bg of ['#003366', '#1f4e79', '#800000', '#000000']) {
      expect(textOn(bg)).toBe('#ffffff');
      expect(contrast(bg, textOn(bg))).toBeGreaterThanOrEqual(4.5);
    }
  });

  it('darkens a light brand colour until links on white reach 4.5:1, keeps a dark one', () => {
    const yellow = readableOnWhite('#ffd700');
    expect(yellow).not.toBe('#ffd700');
    expect(contrast(yellow, '#ffffff')).toBeGreaterThanOrEqual(4.5);
    expect(readableOnWhite('#003366')).toBe('#003366');
  });

  it('sets the custom properties the portal stylesheet reads', () => {
    expect(brandStyle('#003366', '#ffcc00')).toEqual({
      '--community-primary': '#003366',
      '--community-on-primary': '#ffffff',
      '--community-accent': '#ffcc00',
      '--community-on-accent': '#000000',
      '--community-link': '#003366',
    });
  });
});
