import { CHECKED_STAGES, type DoctrineFit } from '@leadpulse/core';
import type { DoctrineSuggestion } from '../app/suggest-doctrine.js';
import { EXIT, UsageError, printTable, type CliFlags, type CliIo } from './cli-io.js';
import { openServer } from './open-server.js';

const pct = (rate: number | null) => (rate === null ? 'n/a' : `${(rate * 100).toFixed(1)} %`);
const signed = (value: number | null) => (value === null ? 'n/a' : value.toFixed(2));
const days = (ms: number) => `${Math.round(ms / 86_400_000)}d`;

function cells(fit: DoctrineFit): string[] {
  return CHECKED_STAGES.map((stage) => {
    const cell = fit.check.byStage.find((c) => c.stage === stage)!;
    return `${cell.contacts} (${pct(cell.rate)})`;
  });
}

function printSuggestion(io: CliIo, suggestion: DoctrineSuggestion): void {
  const known = suggestion.fits[0]?.fit.check.known ?? 0;
  io.stdout.write(
    `Each preset replayed over ${suggestion.contacts} contacts (nothing saved). Outcomes are known for ${known} of them ` +
      `(first seen at least ${days(suggestion.horizonMs)} ago); a buyer ordered within ${days(suggestion.horizonMs)} of first contact.\n` +
      'Cells: contacts by the warmest stage reached before buying, and how many of them bought.\n\n',
  );
  printTable(io, [
    ['preset', ...CHECKED_STAGES, 'ordered', 'concordance', 'unknown', 'score'],
    ...suggestion.fits.map(({ preset, fit }) => [preset, ...cells(fit), fit.ordered === null ? 'n/a' : fit.ordered ? 'yes' : 'no', signed(fit.concordance), pct(fit.unknownShare), signed(fit.score)]),
  ]);
  const disorders = suggestion.fits.filter((f) => f.fit.check.disorders.length > 0);
  if (disorders.length > 0) io.stdout.write(`\n${disorders.map((f) => `${f.preset}: ${f.fit.check.disorders.join('; ')}`).join('\n')}\n`);
  io.stdout.write(
    '\nconcordance: over every pair of a buyer and a non-buyer, how often the buyer reached the warmer stage (1 best, 0 no better than chance);\n' +
      'score = concordance − 0.25 × unknown share; presets whose stages are ordered rank first (n/a: fewer than two stages with 30 contacts).\n',
  );
}

export async function doctrineSuggestCommand(io: CliIo, flags: CliFlags): Promise<number> {
  const format = (flags['format'] as string | undefined) ?? 'table';
  if (!['table', 'json'].includes(format)) throw new UsageError(`--format expects table or json, got "${format}".`);
  const { server } = await openServer(io, flags);
  try {
    const result = await server.app.suggestDoctrine({ horizon: flags['horizon'] as string | undefined });
    if (!result.ok) throw new UsageError(`--${result.error.message}`);
    const suggestion = result.value;
    if (format === 'json') io.stdout.write(`${JSON.stringify(suggestion, null, 2)}\n`);
    else printSuggestion(io, suggestion);
    if (suggestion.winner === null) {
      io.stderr.write(`No preset can be scored: among contacts first seen at least ${days(suggestion.horizonMs)} ago, there must be buyers and non-buyers. Try a shorter --horizon.\n`);
      return EXIT.failure;
    }
    if (format === 'table') io.stdout.write(`\nBest fit: ${suggestion.winner}. Adopt it with: leadpulse doctrine use ${suggestion.winner}\n`);
    return EXIT.ok;
  } finally {
    await server.stop();
  }
}
