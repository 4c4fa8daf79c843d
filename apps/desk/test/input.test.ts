// Zammad's parameter casts (http/input.ts, lib/casts.ts), without a database.
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { bool, flag, int, jsonObject, nested, pageOf, parse, shapeOf, sortOf } from '../src/http/input.ts';
import { isTrue } from '../src/lib/casts.ts';

describe('Zammad casts', () => {
  it('reads booleans as Rails does: true, 1, t, on in any case', () => {
    for (const v of [true, 1, 'true', 'TRUE', '1', 't', 'on']) expect(isTrue(v)).toBe(true);
    for (const v of [false, 0, 'false', '0', 'f', 'off', 'yes', '', null, undefined])
      expect(isTrue(v)).toBe(false);
    expect(parse(z.looseObject({ a: flag }), {})).toEqual({ a: false });
    expect(parse(z.looseObject({ a: bool }), {})).toEqual({});
    expect(parse(z.looseObject({ a: bool }), { a: '' })).toEqual({ a: null });
    expect(parse(z.looseObject({ a: bool }), { a: 'on', other: 'kept' })).toEqual({
      a: true,
      other: 'kept',
    });
  });

  it("refuses an uncastable integer with Zammad's message", () => {
    expect(parse(int('o_id'), ' 12 ')).toBe(12);
    expect(() => parse(int('o_id'), 'x1')).toThrow(`Invalid value for param 'o_id': "x1"`);
  });

  it('clamps paging silently and prefers expand over full', () => {
    expect(pageOf({}, 500, 1000)).toEqual({ limit: 500, offset: 0 });
    expect(pageOf({ page: '3', per_page: '5000' }, 500, 1000)).toEqual({ limit: 1000, offset: 2000 });
    expect(pageOf({ page: '0', limit: 'x' }, 50, 200)).toEqual({ limit: 50, offset: 0 });
    expect(shapeOf({ expand: 'true', full: 'true' })).toBe('expand');
    expect(shapeOf({ full: '1' })).toBe('full');
    expect(sortOf({ 'sort_by[]': ['name', 'id'], order_by: 'desc, asc' })).toEqual({
      by: ['name', 'id'],
      order: ['desc', 'asc'],
    });
  });

  it('reads JSON objects from form posts and Rails nested query keys', () => {
    const schema = z.looseObject({
      view: jsonObject('view'),
      draft: jsonObject('draft', { blankIsEmpty: true }),
    });
    expect(parse(schema, { view: '{"a":1}', draft: '' })).toEqual({ view: { a: 1 }, draft: {} });
    expect(() => parse(schema, { view: '[1]' })).toThrow(`Invalid value for param 'view': "[1]"`);
    expect(
      nested(
        { 'condition[ticket.state_id][operator]': 'is', 'condition[ticket.state_id][value][]': '1' },
        'condition',
      ),
    ).toEqual({
      'ticket.state_id': { operator: 'is', value: ['1'] },
    });
  });
});
