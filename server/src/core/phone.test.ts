import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maskPhone, normalizePhone } from './phone.js';

test('Swedish mobile numbers as people write them become E.164', () => {
  const table: [string, string][] = [
    ['0701234567', '+46701234567'],
    ['070 123 45 67', '+46701234567'],
    ['070-123 45 67', '+46701234567'],
    ['070-1234567', '+46701234567'],
    ['  073 987 65 43 ', '+46739876543'],
    ['076\u00a0123\u00a045\u00a067', '+46761234567'],
    ['0791234567', '+46791234567'],
    ['072.123.45.67', '+46721234567'],
    ['+46701234567', '+46701234567'],
    ['+46 70 123 45 67', '+46701234567'],
    ['+46 (0)70 123 45 67', '+46701234567'],
    ['+46 070 123 45 67', '+46701234567'],
    ['0046701234567', '+46701234567'],
    ['0046 70-123 45 67', '+46701234567'],
  ];
  for (const [input, want] of table) assert.equal(normalizePhone(input), want, JSON.stringify(input));
});

test('international numbers in E.164 form are kept, with 00 read as +', () => {
  const table: [string, string][] = [
    ['+4791234567', '+4791234567'], // Norway, 8 digits after the country code
    ['+358 40 123 4567', '+358401234567'],
    ['+1 415-555-0132', '+14155550132'],
    ['00358401234567', '+358401234567'],
    ['+12345678', '+12345678'], // 8 digits: the shortest E.164 we take
    ['+123456789012345', '+123456789012345'], // 15 digits: the longest
  ];
  for (const [input, want] of table) assert.equal(normalizePhone(input), want, JSON.stringify(input));
});

test('anything that is not a reachable mobile number is refused', () => {
  const refused = [
    '', ' ', 'abc', '070 123 45 6', '070 123 45 678', // too short, too long
    '08 123 456 78', '0812345678', '+46812345678', // Stockholm landline
    '0741234567', '0771234567', '+46771234567', // paging, non-geographic
    '1234567', '701234567', // no trunk zero, no country code
    '+1234567', '+1234567890123456', // 7 and 16 digits
    '+0123456789', '000123456789', // no country code starts with 0
    '++46701234567', '+46+701234567', '070 123 45 67 ext 3', '070/1234567', '(070) 123 45 67',
    '０７０１２３４５６７', // full-width digits
  ];
  for (const input of refused) assert.equal(normalizePhone(input), null, JSON.stringify(input));
});

test('a masked number keeps only its last two digits', () => {
  assert.equal(maskPhone('+46701234567'), '+*********67');
  assert.equal(maskPhone('+14155550132'), '+*********32');
  assert.doesNotMatch(maskPhone('+46701234567'), /0123/);
});
