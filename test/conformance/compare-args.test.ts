import { describe, expect, it } from 'vitest';
import { ARG_FIELDS } from '../../src/conformance/arg-fields.js';
import { compareArgsLine } from '../../src/conformance/compare-args.js';
import type { GoldenArgsDiameter, GoldenArgsTcap } from '../../src/conformance/golden-args.js';
import { FrameIndexer } from '../../src/core/frame-index.js';
import { DiameterDecoder } from '../../src/diameter/decoder.js';
import type { DiameterEvent, Ss7Event } from '../../src/events/types.js';
import { payloadOf } from '../support/ss7.js';
import { avp, avp3, buildDiameter, group } from '../../src/encode/diameter.js';
import { mapEndWithArgs } from '../support/events.js';

function ss7(args: Ss7Event['args']): Ss7Event {
  return mapEndWithArgs(5, args, { type: 'returnResultLast', invokeId: 1, opcode: 71 });
}

const tcapLine = (args: Record<string, unknown>): GoldenArgsTcap => ({
  frame: 5,
  index: 0,
  proto: 'tcap',
  components: [{ type: 'returnResultLast', opcode: 71, args }],
});

describe('compareArgsLine (MAP)', () => {
  it('brings tshark numbers, hex and flags to sigwatch names and text (arg-fields.ts)', () => {
    const ev = ss7({
      imsi: '001010000000001',
      vlrNumber: '4917',
      subscriberState: 'netDetNotReachable',
      notReachableReason: 'imsiDetached',
      requestedInfo: ['locationInformation', 'ms-classmark'],
      sgsnAddress: '192.0.2.1',
      category: 10,
      locationInfo: { cgi: '234-10-4660-22136', lai: '310-410-7', ageOfLocation: 3 },
    });
    const r = compareArgsLine(
      tcapLine({
        imsi: '001010000000001',
        vlr_number: '4917',
        subscriber_state: 2,
        not_reachable_reason: 1,
        requested_info: ['locationInformation', 'ms_classmark'],
        sgsn_address: '04c0000201',
        sgsn_address_ip: '192.0.2.1',
        category: '0a',
        cell_global_id: '32f40112345678', // TS 23.003 §4.3.1: 234 / 10 (F filler), LAC 0x1234, CI 0x5678
        lai: '130014' + '0007', // 310 / 410 (3-digit MNC), LAC 7
        age_of_location_information: 3,
      }),
      [ev],
    );
    expect(r.disagreements).toEqual([]);
    expect(r).toMatchObject({ fields: 11, agree: 11 });
  });

  it('counts a key sigwatch lacks or gets wrong, and a key with no mapping', () => {
    const r = compareArgsLine(tcapLine({ msisdn: '4477', roaming_number: '4917', made_up_key: 1 }), [ss7({ msisdn: '4478' })]);
    expect(r.fields).toBe(3);
    expect(r.agree).toBe(0);
    expect(r.disagreements.map((d) => d.field)).toEqual(['components[0].args.msisdn', 'components[0].args.roaming_number', 'components[0].args.made_up_key']);
  });

  it('every key golden_args.py documents has a row', () => {
    const documented = [
      'imsi',
      'lmsi',
      'msisdn',
      'msc_number',
      'vlr_number',
      'hlr_number',
      'cancellation_type',
      'gmsc_address',
      'interrogation_type',
      'roaming_number',
      'vmsc_address',
      'category',
      'subscriber_status',
      'sgsn_number',
      'sgsn_address',
      'sgsn_address_ip',
      'ggsn_number',
      'ggsn_address',
      'ggsn_address_ip',
      'service_centre_address',
      'sm_rp_pri',
      'sm_rp_ui',
      'network_node_number',
      'number_of_requested_vectors',
      'requesting_node_type',
      'n_quintuplets',
      'n_triplets',
      'gsmscf_address',
      'requested_info',
      'requested_domain',
      'age_of_location_information',
      'location_number',
      'location_number_digits',
      'cell_global_id',
      'lai',
      'subscriber_state',
      'not_reachable_reason',
      'routeing_number',
      'number_portability_status',
      'location_estimate_type',
      'mlc_number',
      'location_estimate',
      'age_of_location_estimate',
      'lcs_event',
      'lcs_client_type',
    ];
    expect(Object.keys(ARG_FIELDS).sort()).toEqual(documented.sort());
  });
});

/** Decodes one Diameter message with the AVP tree attached (the decoder option under test). */
function diameterEvent(bytes: Uint8Array, avpTree = true): DiameterEvent {
  const events: DiameterEvent[] = [];
  const dec = new DiameterDecoder({ onEvent: (e) => events.push(e), indexer: new FrameIndexer(), avpTree });
  dec.payload(payloadOf('diameter', bytes, { pad: 4, frameNo: 7, tsSec: 1 }));
  return events[0]!;
}

const ccr = buildDiameter({
  cmd: 272,
  app: 16777238,
  request: true,
  avps: [
    avp(263, 'pcef;1'),
    avp(30, 'internet'), // Called-Station-Id, RFC 2865 §5.30
    avp(55, new Date(Date.UTC(2021, 4, 5, 13, 29, 53))), // Event-Timestamp (Time)
    avp3(6, Uint8Array.of(172, 16, 10, 101)), // 3GPP-SGSN-Address, 4 octets
    group(1058, [avp3(507, 'permit out 17 from any to any'), avp3(1080, 2)], { vendor: 10415 }), // Flow-Information
    avp(99999, Uint8Array.of(0, 0, 0, 1)), // not in the dictionary
  ],
});

const golden = (avps: GoldenArgsDiameter['avps']): GoldenArgsDiameter => ({ frame: 7, index: 0, proto: 'diameter', avps });

describe('compareArgsLine (Diameter AVP tree)', () => {
  const full: GoldenArgsDiameter['avps'] = [
    { code: 263, vendor: 0, depth: 0, value: 'pcef;1' },
    { code: 30, vendor: 0, depth: 0, value: 'internet' },
    { code: 55, vendor: 0, depth: 0, value: Date.UTC(2021, 4, 5, 13, 29, 53) / 1000 },
    { code: 6, vendor: 10415, depth: 0, value: '172.16.10.101' },
    { code: 1058, vendor: 10415, depth: 0, value: null },
    { code: 507, vendor: 10415, depth: 1, value: 'permit out 17 from any to any' },
    { code: 1080, vendor: 10415, depth: 1, value: 2 },
    { code: 99999, vendor: 0, depth: 0, value: '00000001' },
  ];

  it('the decoder attaches the AVP tree only when asked', () => {
    expect(diameterEvent(ccr, false).diameter.avpTree).toBeUndefined();
    expect(diameterEvent(ccr).diameter.avpTree!.map((a) => a.code)).toEqual([263, 30, 55, 6, 1058, 99999]);
  });

  it('agrees on text, time, address, grouped children, integers and raw hex', () => {
    const r = compareArgsLine(golden(full), [diameterEvent(ccr)]);
    expect(r.disagreements).toEqual([]);
    expect(r).toMatchObject({ fields: 8, agree: 8 });
  });

  it('an AVP unknown to the dictionary agrees only on its hex, never on tshark’s typed value', () => {
    const typed = full.map((a) => (a.code === 99999 ? { ...a, value: 1 } : a));
    const r = compareArgsLine(golden(typed), [diameterEvent(ccr)]);
    expect(r.disagreements.map((d) => d.field)).toEqual(['avps[7].0:99999']);
  });

  it('a typed number tshark shows as bytes (vendor 193 Account-Location, SCAPv2 §3.1.1) agrees on its octets only', () => {
    const scap = buildDiameter({ cmd: 272, app: 4, request: true, avps: [avp(1073, 19, { vendor: 193 }), avp(1082, 20, { vendor: 193 })] });
    const ev = diameterEvent(scap);
    expect(ev.diameter.avpTree!.map((a) => a.value)).toEqual([19, 20]);
    const line = (hex: string, traffic: number | string) =>
      golden([
        { code: 1073, vendor: 193, depth: 0, value: hex },
        { code: 1082, vendor: 193, depth: 0, value: traffic },
      ]);
    expect(compareArgsLine(line('00000013', 20), [ev])).toMatchObject({ fields: 2, agree: 2 });
    expect(compareArgsLine(line('00000014', '00000015'), [ev]).disagreements.map((d) => d.field)).toEqual(['avps[0].193:1073', 'avps[1].193:1082']);
  });

  it('a wrong value, a missing child and a missing message each cost their own fields', () => {
    const wrong = [...full.slice(0, 6), { code: 1080, vendor: 10415, depth: 1, value: 3 }, { code: 1081, vendor: 10415, depth: 1, value: 1 }, full[7]!];
    const r = compareArgsLine(golden(wrong), [diameterEvent(ccr)]);
    // the sibling after the missing child (99999 at depth 0) still pairs with its own AVP
    expect(r.disagreements.map((d) => d.field)).toEqual(['avps[6].10415:1080', 'avps[7].10415:1081']);
    expect(r.fields).toBe(9);
    expect(compareArgsLine(golden(full), undefined).agree).toBe(0);
  });
});
