// The registry of named cases (selected by regex in bench/run.mjs).
import layers from './layers.mjs';
import codecs from './codecs.mjs';
import e2e from './e2e.mjs';
import workers from './workers.mjs';
import alerts from './alerts.mjs';
import adversarial from './adversarial.mjs';

export const CASES = [...layers, ...codecs, ...e2e, ...workers, ...alerts, ...adversarial];
