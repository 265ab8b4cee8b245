/**
 * `sigwatch/ss7`: the SS7 layers, usable alone by vendors who hold SIGTRAN/SCCP/TCAP bytes from
 * their own probes. Each layer codec has one shape, `decodeX(view, offset, end, out)`: it fills the
 * caller-owned record `out` (created by `createX`/`newX`, which also take the layer's parameters:
 * MTP3/SCCP variant, BER depth) and returns the end offset of what it consumed, or -1 with the
 * reason in `out.problem` (TCAP: -1 means not a TCAP message; anomalies inside one are listed).
 */
export { decodeM3ua, createM3uaMessage, M3UA_CLASS, M3UA_TAG, M3UA_ANOMALY, type M3uaMessage } from './m3ua.js';
export { decodeM2pa, createM2paMessage, M2PA_TYPE, M2PA_ANOMALY, type M2paMessage } from './m2pa.js';
export { decodeM2ua, createM2uaMessage, M2UA_TAG, M2UA_ANOMALY, type M2uaMessage } from './m2ua.js';
export { decodeMtp3, createMtp3Message, mtp3LabelLength, MTP3_SI, MTP3_ANOMALY, type Mtp3Message } from './mtp3.js';
export { decodeSua, createSuaMessage, decodeSuaAddress, SUA_TAG, SUA_ANOMALY, type SuaMessage } from './sua.js';
export { decodeSccp, createSccpMessage, sccpTypeName, SCCP_TYPE, SCCP_ANOMALY, type SccpMessage } from './sccp.js';
export { decodeSccpAddress, decodeGtDigits, SCCP_ADDRESS_ANOMALY, type SccpVariant } from './sccp-address.js';
export { Ss7Transport, type Ss7TransportOptions } from './ss7-transport.js';
export { decodeTcap, newTcapMessage, isTcapStart, TCAP_ANOMALY, DIALOGUE_AS_ID, type TcapMessage, type TcapComponent } from './tcap.js';
export { TcapDecoder, MAP_SSNS, type TcapDecoderOptions } from './tcap-decoder.js';
export { DialogueTable, type Dialogue } from './tcap-dialogues.js';
export { decodeMapArgument, hasMapDecoder, type MapDecodeResult } from './map/decode.js';
export {
  MAP_OP,
  MAP_OPERATION_INFO,
  MAP_OPERATIONS,
  mapOperation,
  opName,
  opcodeOf,
  type MapOpName,
  type MapOpcode,
  type MapOperation,
  type Fs11Category,
} from './map/operations.js';
export { MAP_ERRORS, mapErrorName, mapErrorCode } from './map/errors.js';
export { MAP_AC, parseMapAcn, mapAcn, acName, acCode, type MapAcName } from './map/application-contexts.js';
export { mtpInfoOf, type SccpUnit, type SccpUnitHandler, type Mtp3Variant, type MtpView } from './types.js';
export { addAnomaly, ownAnomalies, NO_ANOMALIES } from '../core/anomaly.js';
