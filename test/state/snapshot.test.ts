import { describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/core/errors.js';
import { createAttributor } from '../../src/attribution/attributor.js';
import { SubscriberStore } from '../../src/state/subscribers.js';
import { restoreState, snapshotState, snapshotText } from '../../src/state/snapshot.js';
import { seedState } from '../../src/state/seed.js';
import { diameterUlr, mapInvoke, mapResult, mapUl } from '../support/events.js';
import { CN_GT, IMSI, MSISDN, NTT_VLR, T0, detector, registerInJapan, ruleIds } from '../detect/fixture.js';

describe('snapshot / restore', () => {
  it('round-trips through JSON and a restored detector judges as the original', () => {
    const a = detector();
    const ulFrame = registerInJapan(a.det);
    const snap = a.det.snapshotState();
    expect(snap.subscribers).toHaveLength(1);
    expect(snap.subscribers[0]).toMatchObject({ imsi: IMSI, msisdn: MSISDN, hlr: '12025550001', visited: { address: NTT_VLR, frame: ulFrame } });

    const b = detector();
    b.det.restoreState(JSON.stringify(snap), 'state.json');
    expect(b.det.snapshotState()).toEqual(snap);
    b.det.event(mapInvoke({ op: 22, callingGt: CN_GT, msisdn: MSISDN, ts: T0 + 60 }));
    expect(ruleIds(b.alerts)).toEqual(['location-origin-mismatch']);
    expect(b.alerts[0]!.visited).toMatchObject({ country: 'JP', frame: ulFrame });
  });

  it('restores an MME named by its TS 23.003 §19.4.2.4 FQDN (54 characters) and a long HSS host', () => {
    const host = 'mmec01.mmegi8001.mme.epc.mnc015.mcc234.3gppnetwork.org';
    const a = detector();
    const ulr = diameterUlr({ imsi: IMSI, originRealm: 'epc.mnc015.mcc234.3gppnetwork.org', originHost: host, visitedPlmn: '23415', ts: T0 });
    ulr.diameter.destHost = 'hss-frontend-01.site-a.epc.mnc410.mcc310.3gppnetwork.org';
    a.det.event(ulr);
    const text = [...a.det.snapshotText()].join('');
    expect(text).toContain(host);
    const b = detector();
    b.det.restoreState(text, 'state.json');
    expect(b.det.snapshotState().subscribers[0]!.visited?.address).toBe(host);
    expect(() => b.det.restoreState(text.replace(host, 'x'.repeat(256)), 'state.json')).toThrow(
      expect.objectContaining({ code: ErrorCode.BAD_IMPORT, path: 'subscribers.0.history.0.address' }),
    );
  });

  it('never writes what --state-in refuses: a 300-character Origin-Host is left out of the saved location (rt20 N4)', () => {
    const long = `mme${'x'.repeat(262)}.epc.mnc000.mcc460.3gppnetwork.org`;
    const a = detector();
    a.det.event(diameterUlr({ imsi: IMSI, originRealm: 'epc.mnc000.mcc460.3gppnetwork.org', originHost: long, visitedPlmn: '46000', ts: T0 }));
    const text = [...a.det.snapshotText()].join('');
    expect(text).not.toContain(long);
    const b = detector();
    b.det.restoreState(text, 'state.json');
    const [rec] = b.det.snapshotState().subscribers;
    expect(rec).toMatchObject({ imsi: IMSI, visited: { kind: 'mme', info: { plmn: '46000' } } });
    expect(rec!.visited!.address).toBeUndefined();
  });

  it('rejects a malformed snapshot with BAD_IMPORT and the path', () => {
    const store = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 10 });
    const bad = {
      format: 'sigwatch-state',
      version: 1,
      nowSec: 0,
      subscribers: [
        { imsi: IMSI, history: [], updatedSec: 0 },
        { imsi: IMSI, history: 3, updatedSec: 0 },
      ],
    };
    expect(() => restoreState(store, bad, 's.json')).toThrow(expect.objectContaining({ code: ErrorCode.BAD_IMPORT, path: 'subscribers.1.history' }));
    expect(() => restoreState(store, { ...bad, version: 9 }, 's.json')).toThrow(expect.objectContaining({ code: ErrorCode.BAD_IMPORT, path: 'version' }));
    expect(() => restoreState(store, '{', 's.json')).toThrow(/not JSON/);
    expect(store.size).toBe(0);
  });

  it('restores a snapshot holding identities a hostile capture made, leaving out and counting only those texts', () => {
    // The store keeps any identity text a message carried (a 16-digit IMSI, a Diameter User-Name
    // that is no IMSI, a forged MSISDN on a real subscriber); --state-out writes it, and
    // --state-in must restore the rest, the real subscriber's location included.
    const a = detector();
    registerInJapan(a.det);
    a.det.event(mapUl({ imsi: '4401012345678901', vlr: NTT_VLR, hlrGt: CN_GT, ts: T0 + 1 }));
    const snap = a.det.snapshotState();
    expect(snap.subscribers.map((s) => s.imsi)).toEqual([IMSI, '4401012345678901']);
    const [real] = snap.subscribers;
    const forged = { ...real!, msisdn: '4915112345678901' };
    const hostile = { imsi: 'alice@example.org', msisdn: '81901234', history: [], updatedSec: T0 };
    const text = JSON.stringify({ ...snap, subscribers: [forged, snap.subscribers[1], hostile] });

    const b = detector();
    expect(b.det.restoreState(text, 'state.json')).toBe(3);
    const { msisdn: _, ...withoutMsisdn } = real!;
    expect(b.det.snapshotState().subscribers).toEqual([withoutMsisdn, { msisdn: '81901234', history: [], updatedSec: T0 }]);
  });

  it('treats a null identity in a caller\'s event as no identity (not a subscriber named "null")', () => {
    const a = detector();
    for (const [i, imsi] of ['262011111111111', '262012222222222'].entries()) {
      const ev = mapInvoke({ op: 7, callingGt: CN_GT, imsi, args: { msisdn: `4915100000${i}` }, ts: T0 + i });
      (ev.subscriber as { imsi: string | null }).imsi = null;
      a.det.event(ev);
    }
    expect(a.det.snapshotState().subscribers.map((s) => s.imsi ?? 'none')).not.toContain('null');
  });

  it('refuses identities of another type, and names the defect that refused the file', () => {
    const store = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 10 });
    const doc = (sub: object) => ({ format: 'sigwatch-state', version: 1, nowSec: 0, subscribers: [{ history: [], updatedSec: 0, ...sub }] });
    for (const imsi of [310410123456789, null, {}, ['1']]) {
      expect(() => restoreState(store, doc({ imsi }), 's.json')).toThrow(expect.objectContaining({ code: ErrorCode.BAD_IMPORT, path: 'subscribers.0.imsi' }));
    }
    expect(() => restoreState(store, doc({ msisdn: true }), 's.json')).toThrow(expect.objectContaining({ path: 'subscribers.0.msisdn' }));
    expect(() => restoreState(store, doc({ imsi: '1234567890123456', history: 5 }), 's.json')).toThrow(
      expect.objectContaining({ code: ErrorCode.BAD_IMPORT, path: 'subscribers.0.history' }),
    );
    expect(store.size).toBe(0);
  });
});

describe('seed', () => {
  const attributor = createAttributor();

  it('seeds from CSV (vlr or realm) oldest first, and the detector uses it', () => {
    const csv = `imsi,msisdn,vlr,realm,since\n${IMSI},${MSISDN},${NTT_VLR},,2023-11-14T22:00:00Z\n440101234567890,,,epc.mnc010.mcc440.3gppnetwork.org,1699990000\n`;
    const store = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 86400 });
    expect(seedState(store, csv, { attributor })).toBe(2);
    const snap = snapshotState(store);
    expect(snap.subscribers.map((s) => s.imsi)).toEqual(['440101234567890', IMSI]);
    expect(snap.subscribers[1]!.visited).toMatchObject({ kind: 'vlr', address: NTT_VLR, frame: 0, tsSec: 1699999200, info: { country: 'JP' } });
    expect(snap.subscribers[0]!.visited?.info.plmn).toBe('44010');

    const { det, alerts } = detector();
    det.seedState(csv);
    det.event(mapInvoke({ op: 22, callingGt: CN_GT, msisdn: MSISDN, ts: T0 }));
    expect(alerts[0]!.explanation).toContain('since 2023-11-14T22:00:00Z, seeded');
  });

  it('seeds from JSON and reports bad rows with line or index', () => {
    const store = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 86400 });
    expect(seedState(store, JSON.stringify([{ msisdn: MSISDN, vlr: NTT_VLR, since: 1 }]), { attributor })).toBe(1);
    expect(() => seedState(store, 'imsi,since\n12x,1\n', { attributor, file: 'seed.csv' })).toThrow(
      expect.objectContaining({ code: ErrorCode.BAD_IMPORT, file: 'seed.csv', line: 2, path: 'imsi' }),
    );
    expect(() => seedState(store, '[{"vlr": "1", "since": 1}]', { attributor, file: 'seed.json' })).toThrow(/\[0\]: a row needs imsi or msisdn/);
    expect(() => seedState(store, `imsi\n${IMSI}\n`, { attributor })).toThrow(/since: missing/);
  });
});

describe('flagged claims and confirmations in the snapshot (store-level claim pool, issue 19)', () => {
  const info = { country: 'CN', plmn: '46001', source: 'registry' as const };
  const claim = (i: number, address?: string) => ({
    info,
    kind: 'mme' as const,
    ...(address === undefined ? {} : { address }),
    tsSec: 1000 + i,
    tsNsec: i,
    frame: i + 1,
    rule: i % 2 === 0 ? 'impossible-travel' : 'ul-origin-spoof',
  });

  it('writes claims in the key place they were first recorded, newest four, and restores them', () => {
    const store = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 3600 });
    store.tick(1000);
    const rec = store.touch('460010000000001', undefined)!;
    for (let i = 0; i < 6; i++) store.recordClaim(rec, claim(i, i === 3 ? undefined : `mme${i}.example`));
    // Learned after the claims: written after them, as a record object's key order is.
    rec.hlr = '8613800000000';
    const loc = { info, kind: 'vlr' as const, tsSec: 1001, tsNsec: 0, frame: 9, address: '8613900000000', confirmed: undefined };
    store.moveTo(rec, loc);
    store.confirmVisited(rec, 1002, 5, 10, 'UL');
    const snap = snapshotState(store);
    const json = JSON.stringify(snap);
    const r = JSON.parse(json).subscribers[0];
    expect(Object.keys(r)).toEqual(['history', 'updatedSec', 'imsi', 'claims', 'hlr', 'visited']);
    expect(r.claims.map((c: { frame: number }) => c.frame)).toEqual([3, 4, 5, 6]);
    expect(Object.keys(r.claims[0])).toEqual(['info', 'kind', 'address', 'tsSec', 'tsNsec', 'frame', 'rule']);
    expect('address' in r.claims[1]).toBe(false); // claim 3 had none
    expect(r.visited.confirmed).toEqual({ tsSec: 1002, tsNsec: 5, frame: 10, by: 'UL' });
    expect(store.counters.claimsDropped).toBe(2);

    const again = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 3600 });
    restoreState(again, json);
    // (A restored record has restore's key order: toRecord writes its keys in a fixed order.)
    expect(JSON.parse(JSON.stringify(snapshotState(again)))).toEqual(JSON.parse(json));
    expect(again.claims([...again.records()][0]!)!.map((c) => c.frame)).toEqual([3, 4, 5, 6]);
    expect(again.counters.claimsDropped).toBe(0);
  });

  it('an unconfirmed location has no confirmed key in the snapshot object', () => {
    const store = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 3600 });
    const rec = store.touch('460010000000002', undefined)!;
    store.moveTo(rec, { info, kind: 'vlr', tsSec: 1, tsNsec: 0, frame: 1, address: '8613900000000', confirmed: undefined });
    const r = snapshotState(store).subscribers[0]!;
    expect('confirmed' in r.visited!).toBe(false);
    expect('confirmed' in r.history[0]!).toBe(false);
  });

  it('an evicted record frees its claims for the next one (no claims carried over)', () => {
    const store = new SubscriberStore({ subscribers: 1, subscriberTtlSec: 3600 });
    const a = store.touch('460010000000003', undefined)!;
    store.recordClaim(a, claim(0, 'mme-a'));
    const b = store.touch('460010000000004', undefined)!; // evicts a
    expect(store.claims(a)).toBeUndefined();
    expect(store.claims(b)).toBeUndefined();
    store.recordClaim(b, claim(1, 'mme-b'));
    expect(store.claims(b)!.map((c) => c.address)).toEqual(['mme-b']);
    // A record no longer in the store keeps nothing.
    store.recordClaim(a, claim(2, 'mme-a2'));
    expect(store.claims(b)!.map((c) => c.address)).toEqual(['mme-b']);
  });
});

describe('streamed snapshots (issue 19 red-team ST1: a 200 000-subscriber state made 1.1 GB and a file --state-in refused)', () => {
  const info = (i: number) => ({ country: 'JP', network: `Net "${i % 7}" ]}{[\\`, plmn: '44010', source: 'registry' as const });
  const loc = (i: number, k: number) => ({ info: info(i + k), kind: 'vlr' as const, address: `8190${i}`, tsSec: 1000 + k, tsNsec: 0, frame: i * 4 + k });
  const doc = (n: number) => ({
    format: 'sigwatch-state',
    version: 1,
    nowSec: 2000,
    subscribers: Array.from({ length: n }, (_, i) => ({
      imsi: `44010${String(i).padStart(10, '0')}`,
      home: { country: 'JP', plmn: '44010', source: 'imsi' as const },
      visited: loc(i, 2),
      history: [loc(i, 0), loc(i, 1), loc(i, 2)],
      updatedSec: 1000 + i,
    })),
  });
  const restored = (input: unknown): unknown => {
    const store = new SubscriberStore({ subscribers: 1000, subscriberTtlSec: 86400 });
    restoreState(store, input, 's.json');
    return [...snapshotText(store)].join('');
  };

  it('snapshotText is the snapshot JSON and a newline, one record a piece', () => {
    const a = detector();
    registerInJapan(a.det);
    a.det.event(mapUl({ imsi: '4401012345678901', vlr: NTT_VLR, hlrGt: CN_GT, ts: T0 + 1 }));
    const pieces = [...a.det.snapshotText()];
    expect(pieces).toHaveLength(4);
    expect(pieces.join('')).toBe(JSON.stringify(a.det.snapshotState()) + '\n');
    const empty = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 10 });
    expect([...snapshotText(empty)].join('')).toBe(JSON.stringify(snapshotState(empty)) + '\n');
  });

  it('text split across read pieces, in any key order and white space, restores as the object does', () => {
    const d = doc(300); // > 64 Ki characters: values cut by the reader's pieces
    const text = JSON.stringify(d);
    expect(text.length).toBeGreaterThan(3 * 64 * 1024);
    const want = restored(d);
    expect(restored(text)).toBe(want);
    const { subscribers, ...head } = d;
    const odd = `\r\n {\t"subscribers" : [ ${subscribers.map((s) => JSON.stringify(s, null, 1)).join(' ,\n')} ] ,\n${JSON.stringify(head).slice(1, -1)} }\n\n`;
    expect(restored(odd)).toBe(want);
    for (const bad of [text + 'x', text.slice(0, -1), text.replace('[{', '[,{'), text.replace('}]', '},]'), `{"nowSec":1,"nowSec":2}`, '[]']) {
      expect(() => restored(bad)).toThrow(expect.objectContaining({ code: ErrorCode.BAD_IMPORT, file: 's.json' }));
    }
    expect(() => restored(JSON.stringify({ ...d, version: 9 }))).toThrow(expect.objectContaining({ path: 'version' }));
  });

  it('equal network infos of restored records are one object, as a scan makes them', () => {
    const store = new SubscriberStore({ subscribers: 1000, subscriberTtlSec: 86400 });
    restoreState(store, JSON.stringify(doc(20)));
    const [a, b] = [...store.records()].slice(0, 8).filter((_, i) => i % 7 === 0);
    expect(store.history(a!)[0]!.info).toBe(store.history(b!)[0]!.info);
    expect(a!.home).toBe(b!.home);
  });
});

describe('registration claims in progress across a rotated capture (red-team round 9, R4)', () => {
  const LATER = T0 + 4 * 3600;
  const ROAM = T0 + 2 * 86400;
  const GB_VLR = '447700900001';
  const HOME_HLR = '12025550001';
  const sri = (callingGt: string, ts: number) => mapInvoke({ op: 22, callingGt, calledGt: MSISDN, msisdn: MSISDN, args: { msisdn: MSISDN }, ts });
  const attackUl = (ts: number) => {
    const ev = mapUl({ imsi: IMSI, vlr: CN_GT, hlrGt: HOME_HLR, ts });
    ev.tcap = { type: 'begin', otid: '0a000001' };
    return ev;
  };
  /** The HLR's returnError (roamingNotAllowed) ending the attacker's UL dialogue. */
  const refusal = (ts: number) => {
    const ev = mapInvoke({ op: 2, type: 'returnError', callingGt: HOME_HLR, calledGt: CN_GT, imsi: IMSI, ts, tcap: { type: 'end', dtid: '0a000001' } });
    ev.component!.errorCode = 8;
    return ev;
  };
  /** The state file of `a`, read by a new detector (the next capture of a rotated set). */
  const rotated = (a: ReturnType<typeof detector>) => {
    const b = detector();
    b.det.restoreState([...a.det.snapshotText()].join(''), 'state.json');
    return b;
  };
  const visitedOf = (d: ReturnType<typeof detector>) => d.det.snapshotState().subscribers.find((r) => r.imsi === IMSI)?.visited?.address;
  /** `a`'s state in the next file, where the HLR's refusal takes the move to CN back: Japan again, and an SRI from CN alerts. */
  const refusedInNextFile = (a: ReturnType<typeof detector>) => {
    const b = rotated(a);
    b.det.event(refusal(LATER + 1));
    expect(visitedOf(b)).toBe(NTT_VLR);
    b.det.event(sri(CN_GT, LATER + 60));
    expect(ruleIds(b.alerts)).toEqual(['registration-refused', 'location-origin-mismatch']);
  };

  it('a UL in one file accepted in the next (UL result of its dialogue): the subscriber moves, no alert', () => {
    const a = detector();
    registerInJapan(a.det);
    a.det.event(mapUl({ imsi: IMSI, vlr: GB_VLR, hlrGt: HOME_HLR, ts: ROAM }));
    const snap = a.det.snapshotState();
    expect(snap.version).toBe(2);
    expect(snap.subscribers[0]!.registration?.pending).toMatchObject({ loc: { address: GB_VLR }, tid: '01020304', link: GB_VLR, moved: false });
    const b = rotated(a);
    expect(b.det.snapshotState()).toEqual(snap);
    b.det.event(mapResult({ op: 2, callingGt: HOME_HLR, calledGt: GB_VLR, imsi: IMSI, args: { hlrNumber: HOME_HLR }, ts: ROAM + 1 }));
    expect(visitedOf(b)).toBe(GB_VLR);
    b.det.event(sri(GB_VLR, ROAM + 60));
    expect(b.alerts).toEqual([]);
  });

  it('a forged acceptance at the end of one file, the HLR refusal in the next: the refusal takes the move back', () => {
    const a = detector();
    registerInJapan(a.det);
    a.det.event(attackUl(LATER));
    const forged = mapResult({ op: 2, callingGt: HOME_HLR, calledGt: CN_GT, imsi: IMSI, args: { hlrNumber: HOME_HLR }, ts: LATER });
    forged.tcap = { type: 'end', dtid: '0a000001' };
    a.det.event(forged);
    expect(visitedOf(a)).toBe(CN_GT);
    refusedInNextFile(a);
  });

  it("a UL pending at the end of one file, refused in the next by an error of a dialogue that file never saw (no operation, no subscriber: the CLI's view)", () => {
    const a = detector();
    registerInJapan(a.det);
    a.det.event(attackUl(LATER));
    const b = rotated(a);
    const error = refusal(LATER + 1);
    delete error.component!.opcode;
    error.subscriber = {};
    error.imsis = [];
    b.det.event(error);
    expect(b.det.snapshotState().subscribers[0]!.registration).toBeUndefined();
    b.det.event(sri(CN_GT, LATER + 60));
    expect(ruleIds(b.alerts)).toEqual(['location-origin-mismatch']);
    expect(visitedOf(b)).toBe(NTT_VLR);
  });

  it("answers in the next file without a subscriber (the CLI's view: the UL's dialogue is unknown there) accept the claim of their dialogue", () => {
    // The UL result of a pending claim: the move is taken at once.
    const a = detector();
    registerInJapan(a.det);
    a.det.event(mapUl({ imsi: IMSI, vlr: GB_VLR, hlrGt: HOME_HLR, ts: ROAM }));
    const b = rotated(a);
    b.det.event(mapResult({ op: 2, callingGt: HOME_HLR, calledGt: GB_VLR, args: { hlrNumber: HOME_HLR }, ts: ROAM + 1 }));
    expect(visitedOf(b)).toBe(GB_VLR);
    expect(b.det.snapshotState().subscribers[0]!.registration?.accepted?.loc.address).toBe(GB_VLR);
    // The ISD of a UL trusted at once (the capture's first): accepted, and its MSISDN joins the subscriber.
    const c = detector();
    c.det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, hlrGt: HOME_HLR, ts: T0 }));
    const d = rotated(c);
    d.det.event(
      mapInvoke({
        op: 7,
        callingGt: HOME_HLR,
        calledGt: NTT_VLR,
        args: { msisdn: MSISDN },
        ts: T0,
        tcap: { type: 'continue', otid: '0a0b0c0d', dtid: '01020304' },
      }),
    );
    const rec = d.det.snapshotState().subscribers[0]!;
    expect(rec.msisdn).toBe(MSISDN);
    expect(rec.registration?.accepted?.loc.address).toBe(NTT_VLR);
    expect(rec.visited?.confirmed?.by).toBe('ISD');
    d.det.event(sri(CN_GT, T0 + 60));
    expect(d.alerts[0]!.explanation).toMatch(/registered in JP/);
  });

  it('a UL trusted at once (no answer seen yet in its file), refused in the next: taken back', () => {
    const a = detector();
    a.det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, hlrGt: HOME_HLR, ts: T0 }));
    a.det.event(attackUl(LATER));
    expect(visitedOf(a)).toBe(CN_GT);
    refusedInNextFile(a);
  });

  it('a state without claims in progress is a version-1 file', () => {
    const a = detector();
    registerInJapan(a.det);
    a.det.event(sri(NTT_VLR, T0 + 3600)); // the acceptance is past its refusal wait
    expect(a.det.snapshotState().version).toBe(1);
    expect(JSON.stringify(a.det.snapshotState())).not.toContain('registration');
  });

  it('refuses hostile claims in progress with BAD_IMPORT and the path, before touching the store', () => {
    const a = detector();
    registerInJapan(a.det);
    a.det.event(attackUl(LATER));
    const good = a.det.snapshotState();
    const rec = good.subscribers[0]!;
    const pending = rec.registration!.pending!;
    const cases: [unknown, string][] = [
      [{ ...good, version: 1 }, 'subscribers.0.registration'],
      [{ ...good, subscribers: [{ ...rec, registration: { pending: { ...pending, tid: -1 } } }] }, 'subscribers.0.registration.pending.tid'],
      [{ ...good, subscribers: [{ ...rec, registration: { pending: { ...pending, moved: 'yes' } } }] }, 'subscribers.0.registration.pending.moved'],
      [
        { ...good, subscribers: [{ ...rec, registration: { pending: { ...pending, loc: { ...pending.loc, tsSec: -5 } } } }] },
        'subscribers.0.registration.pending.loc.tsSec',
      ],
      [{ ...good, subscribers: [{ ...rec, registration: { pending, extra: 1 } }] }, 'subscribers.0.registration'],
      [{ ...good, subscribers: [{ ...rec, registration: { accepted: pending } }] }, 'subscribers.0.registration.accepted.atSec'],
      [{ ...good, subscribers: [{ ...rec, registration: { pending: { ...pending, link: 'x'.repeat(300) } } }] }, 'subscribers.0.registration.pending.link'],
    ];
    for (const [doc, path] of cases) {
      for (const input of [doc, JSON.stringify(doc)]) {
        const store = new SubscriberStore({ subscribers: 10, subscriberTtlSec: 86400 });
        expect(() => restoreState(store, input, 's.json')).toThrow(expect.objectContaining({ code: ErrorCode.BAD_IMPORT, path }));
        expect(store.size).toBe(0);
      }
    }
  });

  it('a claim trusted at once whose location is not the visited one is left out (a refusal would take back another move)', () => {
    const a = detector();
    a.det.event(mapUl({ imsi: IMSI, vlr: NTT_VLR, hlrGt: HOME_HLR, ts: T0 }));
    a.det.event(attackUl(LATER));
    const snap = a.det.snapshotState();
    const rec = snap.subscribers[0]!;
    const pending = rec.registration!.pending!;
    expect(pending.moved).toBe(true);
    const b = detector();
    b.det.restoreState({ ...snap, subscribers: [{ ...rec, registration: { pending: { ...pending, loc: { ...pending.loc, frame: 12345 } } } }] });
    expect(b.det.snapshotState().subscribers[0]!.registration).toBeUndefined();
    b.det.event(refusal(LATER + 1));
    expect(visitedOf(b)).toBe(CN_GT);
  });
});
