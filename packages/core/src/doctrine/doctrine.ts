import type { PropertyFilter } from '../fold/event-filter.js';
import type { DurationText } from '../shared/duration.js';
import type { ChannelCaps, SendingPolicy } from './sending-policy.js';

export type { PropertyFilter };

/** A stable stage key (`client`, `hot`, `warm`, `cold`, `unknown`, or a doctrine's own slug). */
export type StageKey = string;
/** The four temperatures, in the tunnel's order: reaching a later one implies passing the earlier ones. */
export const TEMPERATURES = ['cold', 'warm', 'hot', 'client'] as const;
export type Temperature = (typeof TEMPERATURES)[number];

export interface StageLabels {
  readonly en: string;
  readonly fr: string;
}

/** Named aggregate signals that rules may count or sum. */
export const SIGNALS = [
  'pageViews',
  'engagedSeconds',
  'sessions',
  'offerViews',
  'microConversions',
  'abandonedCarts',
  'purchases',
  'revenue',
  'calls',
  'chats',
  'demoRequests',
  'meetings',
  'emailOpens',
  'emailClicks',
] as const;
export type SignalName = (typeof SIGNALS)[number];

export const TRAIT_OPS = ['exists', 'eq', 'neq', 'in', 'contains', 'gt', 'gte', 'lt', 'lte', 'within', 'before'] as const;
export type TraitOp = (typeof TRAIT_OPS)[number];

/** The rule language: combinators and four kinds of leaf. */
export type Condition =
  | { readonly all: readonly Condition[] }
  | { readonly any: readonly Condition[] }
  | { readonly not: Condition }
  /** Count (or sum, for engagedSeconds and revenue) of a signal, optionally within a window. */
  | { readonly signal: SignalName; readonly atLeast?: number; readonly atMost?: number; readonly within?: DurationText }
  /** Occurrences of any track event by name, optionally only those whose properties match `where`. */
  | { readonly event: string; readonly where?: PropertyFilter; readonly atLeast?: number; readonly atMost?: number; readonly within?: DurationText }
  /** A trait compared to a value; `within`/`before` take a duration and compare a date trait to now. */
  | { readonly trait: string; readonly op: TraitOp; readonly value?: unknown }
  /** The contact's score after decay. */
  | { readonly score: { readonly atLeast?: number; readonly atMost?: number } }
  /**
   * The published predictive model's probability (0–1) that the contact buys within its horizon
   * (docs/predictive-score.md). False while no model is published.
   */
  | { readonly predicted: { readonly atLeast?: number; readonly atMost?: number } };

export interface StageDefinition {
  readonly key: StageKey;
  readonly labels: StageLabels;
  readonly description?: string;
  /** Which of the four temperatures this stage reports as, for reports and scenarios. */
  readonly temperature?: Temperature;
  readonly when: Condition;
  /**
   * How this temperature is followed up, in one place: the scenario a contact entering the stage is enrolled in (its
   * key, whatever that scenario's own trigger), and the most messages (email and SMS, every scenario together) a
   * contact at this stage may receive within a window.
   */
  readonly followUp?: StageFollowUp;
}

export interface StageFollowUp {
  readonly scenario?: string;
  readonly frequencyCap?: { readonly messages: number; readonly within: DurationText };
  /** Caps per channel for contacts at this stage (a hot lead may hear from us daily, a cold suspect monthly). */
  readonly caps?: ChannelCaps;
}

/**
 * Points for each occurrence of a signal or event (optionally filtered by `where`), decayed with the doctrine's
 * half-life and capped per rule. With `atLeast` (and `within`), the rule instead gives `points` once, undecayed, while
 * the count reaches the threshold; with `trait`, `op` and `value`, once while the trait comparison holds.
 */
export interface PointRule {
  readonly id: string;
  readonly signal?: SignalName;
  readonly event?: string;
  readonly where?: PropertyFilter;
  readonly atLeast?: number;
  readonly within?: DurationText;
  readonly trait?: string;
  readonly op?: TraitOp;
  readonly value?: unknown;
  readonly points: number;
  readonly cap?: number;
}

/** The classification model. Stages are in precedence order: the first whose condition holds wins. */
export interface Doctrine {
  readonly name: string;
  readonly preset?: string;
  readonly description?: string;
  readonly stages: readonly StageDefinition[];
  /** The stage of contacts that match nothing. */
  readonly fallback: { readonly key: StageKey; readonly labels: StageLabels; readonly description?: string };
  readonly offerPages: readonly string[];
  readonly microConversions: readonly string[];
  readonly cartAbandonAfter: DurationText;
  readonly sessionGap: DurationText;
  readonly points: { readonly halfLife: DurationText; readonly rules: readonly PointRule[] };
  /** When and how often messages may reach one contact, every scenario together (sending-policy.ts). */
  readonly sending?: SendingPolicy;
}
