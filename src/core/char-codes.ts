/**
 * A fresh flat string from the first `n` char codes of a reused scratch array (the TBCD, digit-key,
 * GT and short UTF-8 decoders): `String.fromCharCode` with the codes as its arguments.
 *
 * Why not `String.fromCharCode.apply(null, codes)`: an `apply` spreads the array through V8's
 * CallWithArrayLike, ~850 instructions a call on top of the ~360 of the builtin itself. measured
 * (bench/results-notes.md, round 16 "cli16"): in the 150 k flood's CLI window ~30 k such strings
 * (digit keys' texts, TBCD digits, User-Names, frame numbers in explanations) spent 20 M
 * instructions in CallWithArrayLike + StringFromCharCode; Node 22, 15 codes: apply ~170 ns, the
 * same codes as 15 arguments ~70 ns. Past {@link FIXED_MAX} codes (rare: malformed or long
 * values) `apply` on the exact-length array (a slice when `n` is shorter).
 */

/** Lengths written with the codes as fixed arguments (IMSIs and E.164 numbers have ≤ 15 digits, ITU-T E.164 §6, TS 23.003 §2.2). */
const FIXED_MAX = 16;

export function codesText(c: readonly number[], n: number): string {
  if (n > FIXED_MAX || n < 0) return String.fromCharCode.apply(null, n === c.length ? (c as number[]) : c.slice(0, Math.max(0, n)));
  switch (n) {
    case 0:
      return '';
    case 1:
      return String.fromCharCode(c[0]!);
    case 2:
      return String.fromCharCode(c[0]!, c[1]!);
    case 3:
      return String.fromCharCode(c[0]!, c[1]!, c[2]!);
    case 4:
      return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!);
    case 5:
      return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!);
    case 6:
      return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!);
    case 7:
      return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!);
    case 8:
      return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!);
    case 9:
      return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!);
    case 10:
      return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!);
    case 11:
      return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!);
    case 12:
      return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!);
    case 13:
      return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!);
    case 14:
      return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!);
    case 15:
      return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!, c[14]!);
    default:
      // 16 (the only length left).
      return String.fromCharCode(c[0]!, c[1]!, c[2]!, c[3]!, c[4]!, c[5]!, c[6]!, c[7]!, c[8]!, c[9]!, c[10]!, c[11]!, c[12]!, c[13]!, c[14]!, c[15]!);
  }
}

/**
 * Every case given type feedback when the module loads, on an array of the kind every caller's
 * scratch is (small integers, holey: `new Array(n).fill(c)`; core/digit-key.ts keeps its codes
 * small integers): a case first reached after TurboFan compiled codesText had no feedback and
 * deoptimised it. measured (bench/results-notes.md, round 18 "scan18"; --trace-deopt, routine
 * capture): a scan reached new lengths at MiB 1, 16 and 27, three deoptimisations and four
 * compiles. Sixteen rounds: V8 (Node 20) allocates a function's feedback vector only after a budget
 * of calls, and four rounds at load still left the cases without feedback (six were enough).
 */
const WARM_CODES: number[] = new Array<number>(FIXED_MAX).fill(48);
for (let round = 0; round < 16; round++) for (let n = 0; n <= FIXED_MAX; n++) codesText(WARM_CODES, n);
