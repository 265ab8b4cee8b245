/**
 * sigwatch: decode SS7 (M3UA/SCCP/TCAP/MAP) and Diameter captures into typed events and detect
 * subscriber location tracking. Public API re-exports only; the layers have their own entry
 * points (`sigwatch/capture`, `sigwatch/ss7`, `sigwatch/diameter`, `sigwatch/detect`,
 * `sigwatch/attribution`).
 *
 * @packageDocumentation
 */

// Decoding: async iterables, the synchronous push decoder, stream adapters, per-layer entry points.
export { decode, decodeBatches, decodeFile, type DecodeOptions } from './api/decode.js';
export { Decoder, type DecoderOptions } from './api/decoder.js';
export type { MessageRecord, RecordHandler, SccpAddressView, SccpView } from './events/record.js';
export { createDecodeStream, createScanStream } from './api/streams.js';
export {
  LayerDecoder,
  decodeM3uaEvents,
  decodeSccpEvents,
  decodeTcapEvents,
  decodeDiameterEvents,
  type LayerDecoderOptions,
  type PduMeta,
  type TcapMeta,
} from './api/layers.js';
export { openCapture, type CaptureInput } from './capture/source.js';

// Detection: scan(), the synchronous scanner and detector, rules and profiles.
export { scan, inferHome, rereadable, sourceName } from './api/scan.js';
// The labelled sample captures and profiles shipped in pcaps/.
export { samplePath, sampleNames, SAMPLES_DIR } from './api/samples.js';
export type { ScanAlert, ScanOptions } from './api/scan-options.js';
export { Scanner, DEFAULT_WARMUP_EVENTS, type ScannerOptions, type SourceStats } from './api/scanner.js';
export { HomeInference, profileFromInference, type InferredHome } from './detect/infer-home.js';
export { DEFAULT_RULES_DIR, loadDefaultRules } from './api/default-rules.js';
export { Detector, type DetectorOptions, type DetectorStats, type CarrierExposure } from './detect/engine.js';
export { loadRules, parseRule } from './detect/rule-loader.js';
export { loadProfile, emptyProfile, type Profile, type HomeNetwork, type NetworkSet, type Thresholds } from './detect/profile.js';
export { compileRule, type CompiledRule, type RuleMeta } from './detect/compiler.js';
export { compileCustomRule, type CustomRule, type CustomMatch } from './detect/custom-rule.js';
export type { MatchContext } from './detect/context.js';
export { buildAlert, withEvidence, withExplanation, type Alert, type AlertOrigin, type AlertVisited } from './detect/alert.js';
export { LEVELS, type Level, type RuleDef } from './detect/rule-schema.js';
export type { StateFile, StateSnapshot } from './state/snapshot.js';

// Attribution.
export { createAttributor, type AttributorOptions } from './attribution/attributor.js';
export type { Attributor, NetworkEntry, NetworkInfo, NetworkRole } from './attribution/types.js';

// Events and their JSON contract.
export { toJsonEvent, type JsonEvent } from './events/json.js';
export type {
  SignallingEvent,
  Ss7Event,
  DiameterEvent,
  DiameterInfo,
  EventArgs,
  EventHandler,
  MtpInfo,
  SccpInfo,
  SccpAddressInfo,
  TcapInfo,
  ComponentInfo,
  Subscriber,
  ImsiSource,
  LocationInfo,
} from './events/types.js';
export type { Anomaly, Layer } from './core/anomaly.js';
export { ANOMALY_CODES, type AnomalyCode } from './core/anomaly-codes.js';

// Outputs: EVE records, summary text, HTML report, anonymizer.
export { toEve, signatureId, EVE_SEVERITY, type EveAlert } from './report/eve.js';
export { ReportCollector, type ReportData, type TargetedSubscriber, type TimelineEntry } from './report/collector.js';
export { formatSummary } from './report/summary-text.js';
export { renderHtmlReport } from './report/html.js';
export { Anonymizer } from './report/anonymize.js';

// Errors and limits.
export { SigwatchError, DecodeError, ErrorCode, isSigwatchError, type ErrorContext } from './core/errors.js';
export { DEFAULT_LIMITS, resolveLimits, type Limits } from './core/limits.js';
