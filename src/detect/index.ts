/** `sigwatch/detect`: rules, profiles, subscriber state and the detector. */
export { Detector, DETECT_ANOMALY, type DetectorOptions, type DetectorStats, type CarrierExposure } from './engine.js';
export { loadRules, parseRule } from './rule-loader.js';
export { loadProfile, emptyProfile, type Profile, type HomeNetwork, type NetworkSet, type Thresholds } from './profile.js';
export { compileRule, compileScope, type CompiledRule, type IndexScope, type RuleMeta, type Protocol } from './compiler.js';
export { RuleIndex } from './rule-index.js';
export { compileCustomRule, type CustomRule, type CustomMatch } from './custom-rule.js';
export { MatchContext, type Reason, type Claimed } from './context.js';
export { Networks, profileEntries, type Origin } from './networks.js';
export { buildAlert, type Alert, type AlertOrigin, type AlertVisited } from './alert.js';
export { LEVELS, ruleSchema, type Level, type RuleDef, type RuleScope } from './rule-schema.js';
export { MAP_OP, type MapOpName } from '../ss7/map/operations.js';
export { DIAMETER_APP, DIAMETER_CMD } from '../diameter/dictionary/codes.js';
export { PREDICATES } from './predicates.js';
export { SubscriberStore, type SubscriberRecord, type Location } from '../state/subscribers.js';
export { snapshotState, snapshotText, restoreState, type StateFile, type StateSnapshot } from '../state/snapshot.js';
export { seedState, type SeedOptions } from '../state/seed.js';
export { field, fieldPaths, type FieldDef } from '../events/fields.js';
