// How a core error reads on screen: English as the core wrote it; in German, its kind first.
import i18next from 'i18next';
import { afterAll, expect, it } from 'vitest';
import { ArrivalsError } from '../../../../common/contract/errors';
import { initI18n } from '../../i18n';
import { message, pinErrorText } from './desk-store';

afterAll(() => void i18next.changeLanguage('en'));

it('leads with the kind of error in German and keeps the core detail', async () => {
  initI18n(['de']);
  await i18next.changeLanguage('de');
  expect(message(new ArrivalsError('forbidden', 'wrong PIN'))).toBe('Nicht erlaubt (wrong PIN)');
  expect(message(new Error('plain'))).toBe('plain');
  await i18next.changeLanguage('en');
  expect(message(new ArrivalsError('not_found', 'no attendee with code X'))).toBe('no attendee with code X');
});

it("the PIN dialog says the core's real reason: a lockout is not a wrong PIN", async () => {
  initI18n(['en']);
  await i18next.changeLanguage('en');
  expect(pinErrorText('wrong PIN')).toBe('Wrong PIN.');
  expect(pinErrorText('too many wrong PINs: try again in 15 s')).toBe('Too many wrong PINs: PIN entry is locked. Try again in 15 s.');
  expect(pinErrorText('wrong PIN; too many wrong PINs: try again in 30 s')).toBe('Wrong PIN. Too many wrong PINs: PIN entry is locked for 30 s.');
  expect(pinErrorText(null)).toBeNull();
  await i18next.changeLanguage('de');
  expect(pinErrorText('too many wrong PINs: try again in 15 s')).toContain('In 15 s erneut versuchen');
  await i18next.changeLanguage('en');
});
