/**
 * What every message reads of the flagged-dialogue tables before it is judged (state/learn.ts noteDialogue,
 * state/spoofed-begins.ts keep), reg20 (issue 19, the Scanner on routine traffic): only a TC-CONTINUE keeps its
 * dialogue's flags, so the tables' size (three getters deep: DialogueFlags, FlaggedDialogues, TidRing) is read for a
 * Continue only; a Begin or an End reads none of it there. The flags kept are the same.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { TidRing } from '../../src/state/tid-ring.js';
import { mapUl } from '../support/events.js';
import { detector, IMSI, NTT_VLR, T0 } from '../detect/fixture.js';

afterEach(() => vi.restoreAllMocks());

describe('the flag tables per message', () => {
  it('a Begin with no rule to judge it reads no flag-table size', () => {
    const { det } = detector();
    det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, ts: T0 }));
    const size = vi.spyOn(TidRing.prototype, 'size', 'get');
    // A UL from the same VLR again (a periodic re-registration): judged, learned, no flag filed or read.
    det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, ts: T0 + 60 }));
    expect(size).not.toHaveBeenCalled();
  });
});
