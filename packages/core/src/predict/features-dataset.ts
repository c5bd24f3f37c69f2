import type { ContactState } from '../fold/contact-state.js';
import type { EpochMs } from '../shared/ids.js';
import type { Dataset, Snapshot } from './dataset.js';
import type { FeatureSpec } from './feature-spec.js';
import { featuresInto, featureWidth } from './features.js';
import { labelOf } from './labels.js';

export type StageAt = (state: ContactState, at: EpochMs) => string;

export interface DatasetBuilder {
  /** Adds the snapshot's row if its label is known; says whether it did. */
  add(snapshot: Snapshot): boolean;
  readonly rows: number;
  build(): Dataset;
}

/**
 * Accumulates rows snapshot by snapshot, so that a million snapshots never have to be held at once: build them per
 * contact (snapshotsOfContact), add them, drop them. `capacity` (rows expected) avoids regrowing the matrix.
 */
export function createDatasetBuilder(spec: FeatureSpec, horizonDays: number, stageAt?: StageAt, capacity = 1024): DatasetBuilder {
  const width = featureWidth(spec);
  let room = Math.max(1, capacity);
  let x = new Float64Array(room * width);
  let y = new Uint8Array(room);
  let at = new Float64Array(room);
  let rows = 0;
  const grow = () => {
    room *= 2;
    const grown = { x: new Float64Array(room * width), y: new Uint8Array(room), at: new Float64Array(room) };
    grown.x.set(x);
    grown.y.set(y);
    grown.at.set(at);
    ({ x, y, at } = grown);
  };
  return {
    add(snapshot) {
      const label = labelOf(snapshot, horizonDays);
      if (label === null) return false;
      if (rows === room) grow();
      featuresInto(spec, snapshot.state, snapshot.at, stageAt ? stageAt(snapshot.state, snapshot.at) : null, x, rows * width);
      y[rows] = label;
      at[rows] = snapshot.at;
      rows += 1;
      return true;
    },
    get rows() {
      return rows;
    },
    // Views, not copies: a copy would double the peak memory of a million-row matrix.
    build: () => ({ features: spec.features, rows, x: x.subarray(0, rows * width), y: y.subarray(0, rows), at: at.subarray(0, rows) }),
  };
}

/**
 * The training matrix of some snapshots for one horizon, rows with an unknown label left out. Example:
 * `datasetOf(spec, snapshots, 30, (state, at) => compiled.stageOf(state, at).stage)`.
 */
export function datasetOf(spec: FeatureSpec, snapshots: readonly Snapshot[], horizonDays: number, stageAt?: StageAt): Dataset {
  const builder = createDatasetBuilder(spec, horizonDays, stageAt, snapshots.filter((s) => labelOf(s, horizonDays) !== null).length);
  for (const snapshot of snapshots) builder.add(snapshot);
  return builder.build();
}
