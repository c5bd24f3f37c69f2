import { compileDoctrine, type CompiledDoctrine } from '@leadpulse/core';
import type { DoctrineVersion } from './ports.js';

/** The doctrine every evaluation uses, compiled once per version. */
export interface ActiveDoctrine {
  readonly version: number;
  readonly compiled: CompiledDoctrine;
  readonly record: DoctrineVersion;
}

export function activateDoctrine(record: DoctrineVersion): ActiveDoctrine {
  return { version: record.version, compiled: compileDoctrine(record.doctrine), record };
}
