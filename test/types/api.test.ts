/**
 * Type test of the public API (checked by `tsc -p test/tsconfig.json`; the runtime assertions
 * are no-ops). A change to an exported signature that breaks embedders fails the type check.
 */
import { describe, expectTypeOf, it } from 'vitest';
import type { Transform } from 'node:stream';
import * as api from '../../src/index.js';
import type {
  Alert,
  CaptureInput,
  CustomRule,
  DecodeOptions,
  DiameterEvent,
  EveAlert,
  Level,
  Profile,
  ReportData,
  RuleDef,
  ScanAlert,
  ScanOptions,
  SignallingEvent,
  Ss7Event,
  StateFile,
  StateSnapshot,
  ErrorCode,
} from '../../src/index.js';

describe('public API types', () => {
  it('scan and decode', () => {
    expectTypeOf(api.scan).parameter(0).toEqualTypeOf<CaptureInput | readonly CaptureInput[]>();
    expectTypeOf(api.scan).parameter(1).toEqualTypeOf<ScanOptions | undefined>();
    expectTypeOf(api.scan).returns.toEqualTypeOf<AsyncGenerator<ScanAlert>>();
    expectTypeOf(api.decodeFile).returns.toEqualTypeOf<AsyncGenerator<SignallingEvent>>();
    expectTypeOf(api.decodeBatches).returns.toEqualTypeOf<AsyncGenerator<SignallingEvent[]>>();
    expectTypeOf<ScanAlert>().toExtend<Alert>();
    expectTypeOf<ScanAlert['source']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<ScanOptions>().toExtend<DecodeOptions>();
    expectTypeOf<ScanOptions['profile']>().toEqualTypeOf<Profile | string | undefined>();
    expectTypeOf<ScanOptions['stateIn']>().toEqualTypeOf<StateSnapshot | string | StateFile | undefined>();
    expectTypeOf<NonNullable<ScanOptions['customRules']>>().toEqualTypeOf<readonly CustomRule[]>();
  });

  it('synchronous hot path', () => {
    expectTypeOf<api.Decoder['push']>().toEqualTypeOf<(chunk: Uint8Array) => void>();
    expectTypeOf<api.Detector['event']>().toEqualTypeOf<(ev: SignallingEvent) => void>();
    expectTypeOf<api.Scanner['push']>().toEqualTypeOf<(chunk: Uint8Array) => void>();
    expectTypeOf(api.loadRules).returns.toEqualTypeOf<RuleDef[]>();
    expectTypeOf(api.loadProfile).returns.toEqualTypeOf<Profile>();
  });

  it('streams and layers', () => {
    expectTypeOf(api.createScanStream).returns.toEqualTypeOf<Transform>();
    expectTypeOf(api.createDecodeStream).returns.toEqualTypeOf<Transform>();
    expectTypeOf(api.decodeM3uaEvents).returns.toEqualTypeOf<Ss7Event[]>();
    expectTypeOf(api.decodeSccpEvents).returns.toEqualTypeOf<Ss7Event[]>();
    expectTypeOf(api.decodeTcapEvents).returns.toEqualTypeOf<Ss7Event[]>();
    expectTypeOf(api.decodeDiameterEvents).returns.toEqualTypeOf<DiameterEvent[]>();
    expectTypeOf(api.decodeM3uaEvents).parameter(0).toEqualTypeOf<Uint8Array>();
  });

  it('alerts, outputs and errors', () => {
    expectTypeOf<Alert['level']>().toEqualTypeOf<Level>();
    expectTypeOf<Level>().toEqualTypeOf<'info' | 'low' | 'medium' | 'high' | 'critical'>();
    expectTypeOf(api.toEve).returns.toEqualTypeOf<EveAlert>();
    expectTypeOf(api.formatSummary).parameter(0).toEqualTypeOf<ReportData>();
    expectTypeOf(api.renderHtmlReport).returns.toEqualTypeOf<string>();
    expectTypeOf<api.SigwatchError['code']>().toEqualTypeOf<ErrorCode>();
    expectTypeOf<ErrorCode>().toExtend<string>();
  });
});
