import { describe, expect, it } from 'vitest';
import { boundaryValues, findLimits } from './limits.js';

const values = (text: string) =>
  findLimits(text).map((l) => [
    l.kind,
    l.unit,
    boundaryValues(l)
      .map((v) => `${v.text}${v.inside ? '✓' : '✗'}`)
      .join(' '),
  ]);

describe('findLimits and boundaryValues', () => {
  it.each([
    ['The password must be at least 8 characters', [['min', 'characters', '7✗ 8✓ 9✓']]],
    ['at most 128 characters long', [['max', 'characters', '127✓ 128✓ 129✗']]],
    ['allows up to 5 attempts per hour', [['max', 'attempts', '4✓ 5✓ 6✗']]],
    ['requires a minimum order of 20.00 EUR', [['min', 'EUR', '19.99✗ 20.00✓ 20.01✓']]],
    ['The link expires within 30 minutes', [['exclusive-max', 'minutes', '29✓ 30✗ 31✗']]],
    ['The e-mail arrives within 5 minutes', [['deadline', 'minutes', '5✓']]],
    ['The name cannot be more than 40 characters', [['max', 'characters', '39✓ 40✓ 41✗']]],
    ['Orders over 100 EUR ship free', [['exclusive-min', 'EUR', '99✗ 100✗ 101✓']]],
    [
      'Quantity between 1 and 10 items',
      [
        ['min', 'items', '0✗ 1✓'],
        ['max', 'items', '9✓ 10✓ 11✗'],
      ],
    ],
    [
      'at least one letter and one digit',
      [
        ['min', 'letter', '0✗ 1✓'],
        ['min', 'digit', '0✗ 1✓'],
      ],
    ],
    ['no more than 3 coupons', [['max', 'coupons', '2✓ 3✓ 4✗']]],
    ['less than 2.5 seconds', [['exclusive-max', 'seconds', '2.4✓ 2.5✗ 2.6✗']]],
    ['the coupon gives 10 % off', []],
  ])('%s', (text, expected) => {
    expect(values(text)).toEqual(expected);
  });

  it('keeps one limit per value: "a minimum order of 20.00 ... below 20.00" is one boundary', () => {
    expect(findLimits('A coupon that requires a minimum order of 20.00 must be removed when the subtotal drops below 20.00.')).toHaveLength(
      1,
    );
  });
});
