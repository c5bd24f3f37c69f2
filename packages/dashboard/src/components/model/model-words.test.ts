import { expect, it } from 'vitest';
import { formats, translate, type Lang } from '../../i18n/i18n.js';
import { calibrationScale, topFactors } from './model-figures.js';
import { outcomeWords, phaseWords } from './model-words.js';

const t = (lang: Lang) => (key: Parameters<typeof translate>[1], vars?: Record<string, string | number>) => translate(lang, key, vars);
const auc = (lang: Lang) => (v: number) => formats(lang).number(v, 2);
// The server's refusals, as core's trainModel writes them.
const tooFew = { code: 'too_few_outcomes', needed: 50, positives: 12, negatives: 900, message: 'Training needs at least 50 contacts who bought within 30 days and 50 who did not; the data has 12 and 900.' };
const tooFewToSplit = { code: 'too_few_outcomes', needed: 50, positives: 80, negatives: 900, message: 'Validation needs at least 10 buyers and non-buyers on each side of the split.' };
const worse = { code: 'worse_than_doctrine', auc: 0.612, baselineAuc: 0.7, message: "The model ranks validation contacts with an AUC of 0.612, below the doctrine's 0.700: keeping the doctrine's ranking." };

it("says why a training was refused: the server's exact words in English, the refusal's numbers in French", () => {
  expect(outcomeWords(tooFew, 'en', t('en'), auc('en'))).toBe(tooFew.message);
  expect(outcomeWords(tooFew, 'fr', t('fr'), auc('fr'))).toBe("Trop peu de résultats : l'entraînement demande au moins 50 contacts qui ont acheté et 50 qui n'ont pas acheté ; les données en ont 12 et 900.");
  // Enough buyers overall but too few on one side of the time split: another sentence, not a false count.
  expect(outcomeWords(tooFewToSplit, 'fr', t('fr'), auc('fr'))).toBe('Trop peu d’acheteurs de chaque côté de la validation : ajoutez des résultats sur une période plus longue.');
  expect(outcomeWords(worse, 'fr', t('fr'), auc('fr'))).toBe('Le modèle classe avec une AUC de 0,61, sous les 0,7 de la doctrine : le classement de la doctrine reste en place.');
  expect(outcomeWords({ code: 'training_failed', message: 'worker exited' }, 'fr', t('fr'), auc('fr'))).toBe('worker exited');
});

it('names the training phases, and keeps a phase it does not know', () => {
  expect(phaseWords('boosting', t('en'))).toBe('Growing the boosted trees');
  expect(phaseWords('rescore', t('fr'))).toBe('Calcul du score de chaque contact');
  expect(phaseWords('pruning', t('fr'))).toBe('pruning');
});

it('shows the factors that push hardest first, bars sized against the largest push', () => {
  const factor = (key: string, contribution: number) => ({ key, labels: { en: key, fr: key }, value: 1, contribution });
  const top = topFactors([factor('a', 0.1), factor('b', -0.8), factor('c', 0.4), factor('d', 0.05)], 3);
  expect(top.map((f) => [f.key, f.share])).toEqual([['b', 1], ['c', 0.5], ['a', 0.125]]);
  expect(topFactors([factor('zero', 0)], 3)[0]!.share).toBe(0);
});

it('scales the calibration plot to the highest rate, in tenths', () => {
  const bin = (predicted: number | null, observed: number | null) => ({ from: 0, to: 0.1, predicted, observed, count: 10 });
  expect(calibrationScale([bin(0.02, 0.03), bin(0.11, 0.09)])).toBe(0.2);
  expect(calibrationScale([bin(0.3, 0.3)])).toBe(0.3);
  expect(calibrationScale([bin(0.01, 0), bin(null, null)])).toBe(0.1);
  expect(calibrationScale([bin(0.7, 1)])).toBe(1);
});
