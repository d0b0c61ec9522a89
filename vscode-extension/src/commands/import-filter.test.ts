import { describe, expect, it } from 'vitest';
import { parseFilterText } from './import-filter.js';

describe('parseFilterText', () => {
  it('reads key=value filters, with quotes for values with spaces', () => {
    expect(parseFilterText('since=2026-01-01 until=2026-01-31 model=gpt-4o search="money back" limit=50')).toEqual({
      since: '2026-01-01',
      until: '2026-01-31',
      model: 'gpt-4o',
      search: 'money back',
      limit: 50,
    });
    expect(parseFilterText('  ')).toEqual({});
  });

  it.each([
    ['limit=0', 'limit=0: must be a whole number ≥ 1'],
    ['rating=5', "unknown filter 'rating'"],
    ['since 2026', "cannot read 'since 2026'"],
  ])('refuses %s', (text, message) => {
    expect(() => parseFilterText(text)).toThrow(message);
  });
});
