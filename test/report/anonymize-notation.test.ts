/**
 * Review of round 9 (C-1, C-2, C-4): identities that still survived `--anonymize` once written the
 * way people and software write numbers: national form (trunk prefix, no country code) with
 * separators; separators other than the ASCII ones (newline, NBSP and the other Unicode spaces,
 * dashes, long separator runs); characters a reader does not see or reads as digits (zero-width
 * characters, fullwidth and other decimal digits, percent-encoding, JSON escapes); and `+`
 * numbers joined past their end (an adjacent number, a date or a time eaten into the token).
 * Each leak is checked inside the fields that carry free text: a USSD string, a SIP URI, a host
 * name, a realm, a Session-Id.
 */
import { describe, expect, it } from 'vitest';
import { Anonymizer } from '../../src/report/anonymize.js';
import { leaks } from '../support/readable.js';

const MSISDN = '491712345678'; // +49 171 2345678; national 0171 2345678 (trunk prefix 0)
const NSN = '1712345678';
const IMSI = '262011234567890';
const US = '12025550032';

function learned(): Anonymizer {
  const a = new Anonymizer('salt');
  a.learn({ protocol: 'map', subscriber: { imsi: IMSI, msisdn: MSISDN }, imsis: [], sccp: { called: {}, calling: {} } } as never);
  a.learn({ protocol: 'map', subscriber: { msisdn: US }, imsis: [], sccp: { called: {}, calling: {} } } as never);
  return a;
}

/** Separators between digit groups: ASCII, newline, Unicode spaces, dashes, long runs. */
const SEPARATORS = [
  ' ',
  '-',
  '.',
  '/',
  '\n',
  '\r\n',
  '\t',
  '\u00a0',
  '\u2007',
  '\u2009',
  '\u202f',
  '\u3000',
  '\u2013',
  '\u2014',
  '\u2011',
  '\u2212',
  ' -- ',
  '    ',
  ' / ',
];
/** How the learned subscriber is written, `|` standing for a separator. */
const FORMS: [string, string][] = [
  ['0171|234|5678', NSN],
  ['(0171)|2345678', NSN],
  ['(0)171|2345678', NSN],
  ['0|171|234|56|78', NSN],
  ['+49|171|2345678', MSISDN],
  ['+49|(0)171|2345678', MSISDN],
  ['+49|0171|2345678', MSISDN],
  ['0049|171|2345678', MSISDN],
  ['49|1712|345678', MSISDN],
  ['4917|1234|5678', MSISDN],
  ['262|01|1234567890', IMSI],
  ['2620|1123|4567|890', IMSI],
];
/** Where free text carries it. */
const CONTEXTS = [
  (x: string) => `USSD: Bitte rufen Sie ${x} zurueck`,
  (x: string) => `sip:${x}@ims.mnc001.mcc262.3gppnetwork.org;user=phone`,
  (x: string) => `tel:${x};phone-context=ims.example`,
  (x: string) => `pcscf-${x}.ims.example`,
  (x: string) => `user@${x}.realm.example`,
  (x: string) => `mme.example;1;${x};2`,
  (x: string) => `<td class="origin">${x}</td>`,
];

describe('Anonymizer: numbers in national form and with any separator (review C-1, C-2)', () => {
  it('no 6 digits of a learned MSISDN or IMSI survive, in national or international form, with any separator, in any free-text field', () => {
    const a = learned();
    const failures: string[] = [];
    for (const [form, id] of FORMS) {
      for (const sep of SEPARATORS) {
        for (const ctx of CONTEXTS) {
          const text = ctx(form.replaceAll('|', sep));
          const out = a.text(text);
          if (leaks(out, id).length > 0) failures.push(`${JSON.stringify(text)} -> ${JSON.stringify(out)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('the national form takes the token of the national number; the international form with (0) or 0 after the country code that of the MSISDN', () => {
    const a = learned();
    const [m, n] = [a.hash(MSISDN), a.hash(NSN)];
    const cases: [string, string][] = [
      ['ruf 0171 234 5678 an', `ruf 0${n} an`],
      ['ruf 0171\u00a0234\u00a05678 an', `ruf 0${n} an`],
      ['(0171) 234-5678', `(0${n}`],
      ['(0)171-2345678', `(0)${n}`],
      ['+49 (0)171 2345678', m],
      ['+49 0171 2345678', m],
      ['0049 171 2345678', `00${m}`],
      ['+49\u2011171\u20112345678', m],
      ['49171\n2345678', m],
      ['49171    2345678', m],
      // Characters folded one for one before one dropped: what is not the number is written as it was.
      ['\u2192 a\u00a0b: 0171\u200b234\u00a05678 \u00b7 c\u2013d \ud83d\ude00 %E2%80%8B', `\u2192 a\u00a0b: 0${n} \u00b7 c\u2013d \ud83d\ude00 %E2%80%8B`],
      ['\ud83d\ude00 +49\u00a0171 2345678 \ud83d\ude00', `\ud83d\ude00 ${m} \ud83d\ude00`],
    ];
    for (const [input, out] of cases) expect(a.text(input), JSON.stringify(input)).toBe(out);
  });
});

describe('Anonymizer: characters a reader does not see or reads as digits', () => {
  const HIDDEN: [string, (d: string) => string][] = [
    ['zero-width space', (d) => [...d].join('\u200b')],
    ['word joiner', (d) => [...d].join('\u2060')],
    ['BOM / soft hyphen', (d) => `${d.slice(0, 4)}\ufeff${d.slice(4, 8)}\u00ad${d.slice(8)}`],
    ['combining mark', (d) => [...d].join('\u0332')],
    ['fullwidth digits', (d) => [...d].map((c) => String.fromCharCode(0xff10 + Number(c))).join('')],
    ['Arabic-Indic digits', (d) => [...d].map((c) => String.fromCharCode(0x660 + Number(c))).join('')],
    ['mathematical bold digits', (d) => [...d].map((c) => String.fromCodePoint(0x1d7ce + Number(c))).join('')],
    ['percent-encoded digits', (d) => [...d].map((c) => `%3${c}`).join('')],
    ['percent-encoded zero-width space', (d) => `${d.slice(0, 5)}%E2%80%8B${d.slice(5)}`],
    ['JSON escapes', (d) => `${d.slice(0, 3)}\\u003${d[3]}${d.slice(4, 7)}\\n${d.slice(7)}`],
    ['terminal escape of a control', (d) => `${d.slice(0, 6)}\\x00${d.slice(6)}`],
    ['raw control character', (d) => `${d.slice(0, 6)}\u0000${d.slice(6)}`],
  ];

  it('an MSISDN, its national number and an IMSI written with them: no 6 digits survive, the token is the plain form', () => {
    const a = learned();
    const failures: string[] = [];
    for (const [name, hide] of HIDDEN) {
      for (const [id, pre] of [
        [MSISDN, '+'],
        [MSISDN, 'sip:+'],
        [NSN, '0'],
        [IMSI, ''],
        [IMSI, '0'],
      ] as const) {
        for (const ctx of CONTEXTS) {
          const text = ctx(pre + hide(id));
          const out = a.text(text);
          if (leaks(out, id).length > 0 || !out.includes(a.hash(id))) failures.push(`${name}: ${JSON.stringify(text)} -> ${JSON.stringify(out)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('a fullwidth or percent-encoded + in front: the number is international, unlearned ones too', () => {
    const a = new Anonymizer('salt');
    const fw = (d: string) => [...d].map((c) => String.fromCharCode(0xff10 + Number(c))).join('');
    expect(a.text(`call \uff0b${fw('447700900123')} now`)).toBe(`call ${a.hash('447700900123')} now`);
    expect(a.text('sip:%2B447700900123@ims.example')).toBe(`sip:%2B${a.hash('447700900123')}@ims.example`);
    expect(a.text('tel%3A%2B44-7700-900123')).toBe(`tel%3A%2B${a.hash('447700900123')}`);
  });

  it('what is not an identity stays byte for byte, Unicode and escapes included', () => {
    const a = learned();
    const keep = [
      'frame 1234567 at 2025-03-22T08:23:20.123456Z',
      '2025\u201103\u201122 08:23:20',
      'Zeit\u00a012:30\u00a0Uhr, 3\u00a0Versuche',
      '22.03.2025 14:05, 03/22/2025',
      '1\u202f234\u202f567 messages in 12\u2009345 frames',
      '10.6.0.1:2905 \u2192 10.6.0.2:2905',
      'GT 8613800000001 \u2014 realm epc.mnc410.mcc310.3gppnetwork.org',
      'count\n1234\n5678\n91011',
      'width:100%;height:50%25',
      '{"msg":"line\\nnext \\u00e9t\\u00e9 2025-03-22","n":12345}',
      'M10.5 20.25L30 40Z',
      '\uff11\uff12\uff13\uff14 \u0661\u0662\u0663',
    ];
    for (const t of keep) expect(a.text(t), JSON.stringify(t)).toBe(t);
  });
});

describe('Anonymizer: a + number ends where the number ends (review C-4)', () => {
  it('does not eat a time, a date, a count or the next number', () => {
    const a = learned();
    const u = a.hash(US);
    const cases: [string, string][] = [
      // Learned: the subscriber's own token, what follows stays.
      ['+1 202 555 0032 12:30', `${u} 12:30`],
      ['+1 202 555 0032 2025-03-22', `${u} 2025-03-22`],
      ['+1 202 555 0032 3 times', `${u} 3 times`],
      ['+1 202 555 0032 4917 1234', `${u} 4917 1234`],
      ['tel:+1-202-555-0032 20 25', `tel:+${u} 20 25`],
      // Unlearned: the number ends at its country's longest national number (NANP 10, France 9,
      // UK 10 digits), before a time or a date.
      ['+1 202 555 0099 12:30', `${a.hash('12025550099')} 12:30`],
      ['+1 202 555 0099 2025', `${a.hash('12025550099')} 2025`],
      ['+33 6 12 34 56 78 3 fois', `${a.hash('33612345678')} 3 fois`],
      ['+44 20 7946 0958 0171 2345678', `${a.hash('442079460958')} 0${a.hash(NSN)}`],
      ['+49 30 1234567 12:30', `${a.hash('49301234567')} 12:30`],
      ['+49 30 1234567 2025-03-22', `${a.hash('49301234567')} 2025-03-22`],
      ['+49 30 1234567 22.03.2025', `${a.hash('49301234567')} 22.03.2025`],
      // Still joined: E.123 groups, RFC 3966 visual separators.
      ['+1 (202) 555-0099', a.hash('12025550099')],
      ['+44 20 7946 0958', a.hash('442079460958')],
      ['+49-30-123-4567', a.hash('49301234567')],
    ];
    for (const [input, out] of cases) expect(a.text(input), JSON.stringify(input)).toBe(out);
  });

  it('a tel: or sip: local number in a global phone-context takes the global number token (RFC 3966 §5.1.5)', () => {
    const a = new Anonymizer('salt');
    const g = a.hash('49301234567');
    expect(a.text('tel:1234567;phone-context=+4930')).toBe(`tel:${g};phone-context=+4930`);
    expect(a.text('sip:123-4567;phone-context=+49-30@ims.example;user=phone')).toBe(`sip:${g};phone-context=+49-30@ims.example;user=phone`);
    expect(a.text('sip:1234567;isub=1;phone-context=+4930@ims.example')).toBe(`sip:${g};isub=1;phone-context=+4930@ims.example`);
    // A domain context names no global number: the local digits get their own token.
    expect(a.text('tel:1234567;phone-context=ims.example')).toBe(`tel:${a.hash('1234567')};phone-context=ims.example`);
  });
});
