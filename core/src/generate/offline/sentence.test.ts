import { beforeAll, describe, expect, it } from 'vitest';
import { loadEnglish } from './english.js';
import { imperative, leadingNounPhrase, negatedStatement, splitTrigger, statement } from './sentence.js';

describe('sentence helpers of the offline generator', () => {
  beforeAll(loadEnglish);

  it.each([
    [
      'The new password cannot be the same as the current password.',
      'The new password is not the same as the current password',
      'The new password is the same as the current password',
    ],
    [
      'The customer should receive a confirmation e-mail.',
      'The customer receives a confirmation e-mail',
      'The customer does not receive a confirmation e-mail',
    ],
    [
      'The reset form must not reveal whether an e-mail address is registered.',
      'The reset form does not reveal whether an e-mail address is registered',
      'The reset form reveals whether an e-mail address is registered',
    ],
    [
      'Coupon codes must be matched case-insensitively.',
      'Coupon codes are matched case-insensitively',
      'Coupon codes are not matched case-insensitively',
    ],
    ['The applied coupons should still be shown', 'The applied coupons are still shown', 'The applied coupons are not still shown'],
    ['shipping costs are never discounted', 'Shipping costs are never discounted', 'Shipping costs are discounted'],
    [
      'All other sessions of the account are logged out',
      'All other sessions of the account are logged out',
      'All other sessions of the account are not logged out',
    ],
    // Verb forms from compromise's conjugation, not hand-made suffix rules.
    [
      'The assistant should hand over to a live agent',
      'The assistant hands over to a live agent',
      'The assistant does not hand over to a live agent',
    ],
    ['Guests do not see the "Save search" button', 'Guests do not see the "Save search" button', 'Guests see the "Save search" button'],
    ['The bot should reply in English', 'The bot replies in English', 'The bot does not reply in English'],
    // A relative clause has its own verb; the sentence's verb comes after it.
    [
      'A coupon that requires a minimum order of 20.00 is removed automatically',
      'A coupon that requires a minimum order of 20.00 is removed automatically',
      'A coupon that requires a minimum order of 20.00 is not removed automatically',
    ],
  ])('%s', (text, plain, negated) => {
    expect(statement(text)).toBe(plain);
    expect(negatedStatement(text)).toBe(negated);
  });

  it.each([
    ['After the customer submits an e-mail address, the page shows a message.', 'after', 'Submit an e-mail address'],
    ['After a successful reset, all other sessions are logged out.', 'after', 'Complete a successful reset'],
    ['A coupon must be removed when the subtotal drops below 20.00.', 'when', 'Make the subtotal drop below 20.00'],
    ['The coupons are shown when the customer returns to the cart.', 'when', 'Return to the cart'],
  ])('%s', (text, word, action) => {
    const { trigger } = splitTrigger(text);
    expect(trigger?.word).toBe(word);
    expect(imperative(trigger?.clause ?? '')).toBe(action);
  });

  it('turns every modal of a compound criterion into a statement', () => {
    expect(statement('The password must be at least 8 characters and must contain a digit')).toBe(
      'The password is at least 8 characters and contains a digit',
    );
  });

  it.each([
    'The page shows the same text, whether or not the account exists.',
    'The invitation link expires after 72 hours.',
    'The checkout flow works as before on Node 20.',
  ])('does not read "%s" as a trigger', (text) => {
    expect(splitTrigger(text).trigger).toBeUndefined();
  });

  it.each([
    ['The reset link expires within 30 minutes and can be used only once', 'The reset link'],
    ['A slot that is full cannot be selected', 'A slot that is full'],
    ['All other sessions of the account are logged out', 'All other sessions of the account'],
    ['The applied coupons should still be shown', 'The applied coupons'],
    ['Coupon codes must be matched', undefined],
  ])('finds the subject of "%s"', (text, np) => {
    expect(leadingNounPhrase(text)).toBe(np);
  });
});
