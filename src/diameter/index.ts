/**
 * `sigwatch/diameter`: the Diameter codec (usable alone), the 3GPP dictionary, PLMN/realm helpers
 * and the pipeline decoder.
 */
export { decodeDiameterMessage, encodeDiameter, encodeDiameterInto, encodingLength, avpLength, type DiameterMessageOptions } from './codec.js';
export { DiameterAvp, AvpFlag, readAvpHeader, newAvpHeader, type AvpHeader } from './avp.js';
export { CommandFlag, HEADER_LENGTH, DIAMETER_VERSION, readHeader, writeHeader, hex32, type DiameterHeader } from './header.js';
export { DIAMETER_ANOMALY, type DiameterAnomalyCode, type DiameterMessage } from './types.js';
export { readValue, encodeValue, readUtf8, readAddress, ntpToDate, dateToNtp, type AvpValue } from './values.js';
export { decodeDiameter, newDiameterFields, FieldAvp, type DiameterFields } from './fields.js';
export { decodePlmn, encodePlmn, plmnDigits, samePlmn, type Plmn } from './plmn.js';
export { realmToPlmn, plmnToRealm, hostToRealm } from './realm.js';
export { DiameterTransactions, peerPairKey, type PendingRequest } from './transactions.js';
export { DiameterDecoder, imsiFromUserName, type DiameterDecoderOptions } from './decoder.js';
export * from './dictionary/index.js';
