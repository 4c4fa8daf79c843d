import { describe, expect, it } from 'vitest';
import { paramsForView, presetRange, previousRange, reportQuery, viewFromParams } from './period';

// Thursday 5 November 2026, in the reader's time zone.
const TODAY = new Date(2026, 10, 5, 15, 30);

describe('report periods', () => {
  it('presets end today, or cover the whole previous month or quarter', () => {
    expect(presetRange('last7', TODAY)).toEqual({ from: '2026-10-30', to: '2026-11-05' });
    expect(presetRange('last30', TODAY)).toEqual({ from: '2026-10-07', to: '2026-11-05' });
    expect(presetRange('last90', TODAY)).toEqual({ from: '2026-08-08', to: '2026-11-05' });
    expect(presetRange('this_month', TODAY)).toEqual({ from: '2026-11-01', to: '2026-11-05' });
    expect(presetRange('last_month', TODAY)).toEqual({ from: '2026-10-01', to: '2026-10-31' });
    expect(presetRange('this_quarter', TODAY)).toEqual({ from: '2026-10-01', to: '2026-11-05' });
    expect(presetRange('last_quarter', TODAY)).toEqual({ from: '2026-07-01', to: '2026-09-30' });
    expect(presetRange('last_month', new Date(2026, 0, 10))).toEqual({
      from: '2025-12-01',
      to: '2025-12-31',
    });
  });

  it('compares with the period just before, month with month and quarter with quarter', () => {
    expect(previousRange('last7', { from: '2026-10-30', to: '2026-11-05' })).toEqual({
      from: '2026-10-23',
      to: '2026-10-29',
    });
    expect(previousRange('last_month', { from: '2026-03-01', to: '2026-03-31' })).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(previousRange('this_month', { from: '2026-03-01', to: '2026-03-31' })).toEqual({
      from: '2026-02-01',
      to: '2026-02-28',
    });
    expect(previousRange('this_month', { from: '2026-11-01', to: '2026-11-05' })).toEqual({
      from: '2026-10-01',
      to: '2026-10-05',
    });
    expect(previousRange('last_quarter', { from: '2026-01-01', to: '2026-03-31' })).toEqual({
      from: '2025-10-01',
      to: '2025-12-31',
    });
  });

  it('reads the view from the URL, dropping what it cannot use', () => {
    const v = viewFromParams(
      new URLSearchParams(
        'period=custom&from=2026-09-01&to=2026-09-30&compare=1&unit=4,x,4,7&priority=3&type=incident&service=egi-check-in&channel=Bad!&interval=week',
      ),
      TODAY,
    );
    expect(v).toEqual({
      period: 'custom',
      range: { from: '2026-09-01', to: '2026-09-30' },
      previous: { from: '2026-08-02', to: '2026-08-31' },
      compare: true,
      filters: {
        unit: ['4', '7'],
        priority: ['3'],
        type: 'incident',
        service: 'egi-check-in',
        interval: 'week',
      },
    });
    expect(
      viewFromParams(new URLSearchParams('period=custom&from=2026-09-31&to=2026-10-01'), TODAY),
    ).toMatchObject({
      period: 'last30',
      range: { from: '2026-10-07', to: '2026-11-05' },
    });
    expect(viewFromParams(new URLSearchParams('period=forever'), TODAY).period).toBe('last30');
  });

  it('writes the view back to the URL, and as the BFF query', () => {
    const view = viewFromParams(
      new URLSearchParams(
        'period=custom&from=2026-09-01&to=2026-09-30&unit=4&priority=3,2&provider=EUDAT%20CDI&channel=email',
      ),
      TODAY,
    );
    expect(paramsForView(view).toString()).toBe(
      'period=custom&from=2026-09-01&to=2026-09-30&unit=4&priority=3%2C2&provider=EUDAT+CDI&channel=email',
    );
    expect(paramsForView({ period: 'last30', filters: {} }).toString()).toBe('');
    expect(reportQuery(view.range, view.filters)).toEqual({
      from: '2026-09-01',
      to: '2026-09-30',
      group_ids: '4',
      priority_ids: '3,2',
      provider: 'EUDAT CDI',
      channel: 'email',
    });
  });
});
