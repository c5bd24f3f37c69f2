import { compileCondition, type EvalContext } from '../doctrine/compile-condition.js';
import { TRAIT_OPS, type TraitOp } from '../doctrine/doctrine.js';
import type { SegmentTraitOp } from './segment.js';

type TraitLeaf = { readonly trait: string; readonly op: SegmentTraitOp; readonly value?: unknown };

const isTrue = (v: unknown) => v === true || v === 1 || (typeof v === 'string' && ['true', 'yes', 'oui', '1'].includes(v.trim().toLowerCase()));
const isFalse = (v: unknown) => v === false || v === 0 || (typeof v === 'string' && ['false', 'no', 'non', '0'].includes(v.trim().toLowerCase()));

/**
 * A segment's trait comparison. The doctrine's operators keep the doctrine's meaning (compile-condition.ts: strings
 * compare without case, dates as instants, within/before against now); the segment's own are built on them:
 * `missing` and `notIn` negate `exists` and `in`, `between` is gte low and lte high, `prefix` a case-insensitive start.
 */
export function compileSegmentTrait(leaf: TraitLeaf): (ctx: EvalContext) => boolean {
  const { trait, op, value } = leaf;
  const doctrine = (o: TraitOp, v?: unknown) => {
    const compiled = compileCondition({ trait, op: o, ...(v === undefined ? {} : { value: v }) });
    return (ctx: EvalContext) => compiled.test(ctx);
  };
  if ((TRAIT_OPS as readonly string[]).includes(op)) return doctrine(op as TraitOp, value);
  const actualOf = (ctx: EvalContext) => ctx.state.traits[trait] ?? (trait === 'email' ? ctx.state.email : undefined);
  switch (op) {
    case 'missing': {
      const exists = doctrine('exists');
      return (ctx) => !exists(ctx);
    }
    case 'notIn': {
      const within = doctrine('in', value);
      return (ctx) => !within(ctx);
    }
    case 'between': {
      const [low, high] = value as [unknown, unknown];
      const atLeast = doctrine('gte', low);
      const atMost = doctrine('lte', high);
      return (ctx) => atLeast(ctx) && atMost(ctx);
    }
    case 'prefix': {
      const start = String(value).toLowerCase();
      return (ctx) => {
        const actual = actualOf(ctx);
        return (typeof actual === 'string' || typeof actual === 'number') && String(actual).toLowerCase().startsWith(start);
      };
    }
    case 'isTrue':
      return (ctx) => isTrue(actualOf(ctx));
    case 'isFalse':
      return (ctx) => isFalse(actualOf(ctx));
    default:
      throw new Error(`unknown trait operator "${op}" in a segment that should have been validated`);
  }
}
