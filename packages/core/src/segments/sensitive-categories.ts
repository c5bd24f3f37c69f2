import type { SegmentCondition, SegmentDefinition } from './segment.js';

type Path = readonly (string | number)[];

/**
 * Categories the ad platforms forbid as a basis for targeting. Sources: Meta's Advertising Standards (Discriminatory
 * Practices; Personal Attributes: ads must not assert or imply race or ethnicity, religion or beliefs, age, sexual
 * orientation, gender identity, disability, physical or mental health, financial status, criminal record or union
 * membership — transparency.meta.com/policies/ad-standards) and its restriction of teen targeting to age and
 * location; Google Ads' Personalized advertising policy (sensitive interest categories: personal hardships such as
 * health and financial hardship, identity and belief such as sexual orientation, religion, political affiliation,
 * race and ethnicity; and no personalised ads to users under 18 — support.google.com/adspolicy/answer/143465) and
 * its Customer Match policy. A segment using one of them is refused for ad audiences, with the reason.
 */
export const SENSITIVE_CATEGORIES = ['income', 'health', 'religion', 'ethnicity', 'political', 'sexual_orientation', 'age_under_18'] as const;
export type SensitiveCategory = (typeof SENSITIVE_CATEGORIES)[number];

/** Trait-name fragments (lower case, accents removed) that reveal each category, in English and French. */
const TRAIT_WORDS: Readonly<Record<Exclude<SensitiveCategory, 'age_under_18'>, readonly string[]>> = {
  income: ['income', 'salary', 'salaire', 'revenu', 'wage', 'earning', 'networth', 'net_worth', 'wealth', 'patrimoine', 'credit_score', 'creditscore'],
  health: ['health', 'sante', 'medical', 'medic', 'disease', 'maladie', 'illness', 'diagnos', 'pregnan', 'grossesse', 'disabilit', 'handicap', 'treatment', 'traitement', 'therapy'],
  religion: ['religion', 'religious', 'religieu', 'faith', 'church', 'eglise', 'confession', 'culte'],
  ethnicity: ['ethnic', 'ethnie', 'race', 'origine_ethnique', 'skin_color'],
  political: ['politic', 'electoral', 'voting', 'parti_politique'],
  sexual_orientation: ['sexual', 'sexuel', 'orientation', 'lgbt', 'gay', 'lesbian'],
};
/** Traits that carry an age or a birth date. */
const AGE_TRAITS = new Set(['age', 'birthday', 'birthdate', 'birth_date', 'dateofbirth', 'date_of_birth']);

const plain = (text: string) =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();

/** The sensitive categories a trait's name reveals. */
export function sensitiveCategoriesOfTrait(trait: string): SensitiveCategory[] {
  const name = plain(trait);
  return (Object.keys(TRAIT_WORDS) as (keyof typeof TRAIT_WORDS)[]).filter((category) => TRAIT_WORDS[category].some((word) => name.includes(word)));
}

export interface SensitiveUse {
  readonly category: SensitiveCategory;
  /** Where in the definition (or in the segment it refers to, by key). */
  readonly segment: string;
  readonly path: Path;
  readonly reason: string;
}

/** Whether an age range can include people under 18, when it holds (or, negated, when it fails). */
function rangeReachesMinors(atLeast: number | undefined, atMost: number | undefined, negated: boolean): boolean {
  if (!negated) return atLeast === undefined || atLeast < 18;
  // The complement holds for minors unless the range covers every age from 0 to 17.
  return !((atLeast ?? 0) <= 0 && (atMost ?? Number.POSITIVE_INFINITY) >= 17);
}

/**
 * Every use of a sensitive category in a definition and in the segments it refers to (by key, in `all`), with
 * where and why. Example: a `purchasingPower` leaf whose bands read an `income` trait → income.
 */
export function sensitiveUsesOf(def: SegmentDefinition, all: ReadonlyMap<string, SegmentDefinition>): SensitiveUse[] {
  const uses: SensitiveUse[] = [];
  const visited = new Set<string>();
  const visitDef = (segment: SegmentDefinition) => {
    if (visited.has(segment.key)) return;
    visited.add(segment.key);
    const visit = (condition: SegmentCondition, path: Path, negated: boolean): void => {
      const use = (category: SensitiveCategory, reason: string): void => void uses.push({ category, segment: segment.key, path, reason });
      if ('all' in condition) return condition.all.forEach((c, i) => visit(c, [...path, 'all', i], negated));
      if ('any' in condition) return condition.any.forEach((c, i) => visit(c, [...path, 'any', i], negated));
      if ('not' in condition) return visit(condition.not, [...path, 'not'], !negated);
      if ('trait' in condition) {
        for (const category of sensitiveCategoriesOfTrait(condition.trait)) use(category, `the trait "${condition.trait}" reveals ${category.replace(/_/g, ' ')}`);
        if (AGE_TRAITS.has(plain(condition.trait))) use('age_under_18', `a comparison on the trait "${condition.trait}" can select people under 18`);
        return;
      }
      if ('age' in condition && rangeReachesMinors(condition.age.atLeast, condition.age.atMost, negated)) return use('age_under_18', 'this age condition can select people under 18');
      if ('ageBand' in condition && negated) return use('age_under_18', 'excluding age bands selects people under 18, who have none');
      if ('purchasingPower' in condition) {
        const measure = segment.purchasingPower?.measure;
        if (measure && 'trait' in measure) use('income', `purchasing power read from the trait "${measure.trait}" is financial status`);
        return;
      }
      if ('segment' in condition) {
        const referred = all.get(condition.segment);
        if (referred) visitDef(referred);
      }
    };
    visit(segment.where, ['where'], false);
  };
  visitDef(def);
  return uses;
}

/** The sensitive categories a definition uses (with the segments it refers to), unique and sorted: the audience guard. */
export function sensitiveCategoriesOf(def: SegmentDefinition, all: ReadonlyMap<string, SegmentDefinition>): SensitiveCategory[] {
  return [...new Set(sensitiveUsesOf(def, all).map((use) => use.category))].sort();
}
