import type { Scenario, ScenarioStep } from '@leadpulse/core';
import { layoutFlow, type FlowNode } from '../../scenario-flow.js';
import { exitRulesWords, reentryWords, stepWords, triggerWords, durationWords, type Words } from '../../scenario-words.js';
import { useI18n } from '../../i18n/i18n.js';

interface FlowProps {
  readonly scenario: Scenario;
  /** Active enrolments waiting at each step. */
  readonly atStep: Readonly<Record<string, number>>;
  readonly words: Words;
}

const cardId = (stepId: string) => `step-${stepId}`;
const scrollTo = (stepId: string) => document.getElementById(cardId(stepId))?.scrollIntoView({ behavior: 'smooth', block: 'center' });

/** The journey as a reader follows it: the trigger, each step as a card in order, splits as two labelled paths. */
export function FlowView({ scenario, atStep, words }: FlowProps) {
  const { t, f } = useI18n();
  const flow = layoutFlow(scenario.steps);
  const numberOf = new Map(scenario.steps.map((s, i) => [s.id, i + 1]));
  const props = { atStep, words, numberOf };
  return (
    <div className="flow">
      <div className="flow-card flow-trigger">
        <span className="flow-kind">{t('flow.trigger')}</span>
        <p>{triggerWords(words, scenario.trigger)}</p>
      </div>
      <FlowNodes nodes={flow.nodes} {...props} />
      {flow.unreached.length > 0 && (
        <section aria-label={t('flow.unreached')}>
          <h3>{t('flow.unreached')}</h3>
          <ol className="flow-list">
            {flow.unreached.map((step) => (
              <StepCard key={step.id} step={step} {...props} />
            ))}
          </ol>
        </section>
      )}
      <dl className="facts flow-facts">
        <dt>{t('flow.exits')}</dt>
        <dd>{scenario.exit.length === 0 ? t('flow.noExit') : exitRulesWords(words, scenario.exit)}</dd>
        <dt>{t('scenarios.reentry')}</dt>
        <dd>{reentryWords(words, scenario.reentry)}</dd>
        {scenario.frequencyCap && (
          <>
            <dt>{t('scenarios.cap')}</dt>
            <dd>{t('flow.cap', { messages: f.number(scenario.frequencyCap.messages), within: durationWords(words, scenario.frequencyCap.within) })}</dd>
          </>
        )}
        <dt>{t('scenarios.timezone')}</dt>
        <dd>{scenario.timezone ?? 'UTC'}</dd>
      </dl>
    </div>
  );
}

type NodeProps = Omit<FlowProps, 'scenario'> & { readonly numberOf: ReadonlyMap<string, number> };

function FlowNodes({ nodes, ...props }: NodeProps & { nodes: readonly FlowNode[] }) {
  const { t } = useI18n();
  if (nodes.length === 0) return <p className="flow-note">{t('flow.straightOn')}</p>;
  return (
    <ol className="flow-list">
      {nodes.map((node, i) => {
        if (node.kind === 'step') return <StepCard key={node.step.id} step={node.step} {...props} />;
        if (node.kind === 'end') return <li key={`end-${i}`} className="flow-end">{t('flow.end')}</li>;
        if (node.kind === 'goto') {
          return (
            <li key={`goto-${i}`} className="flow-goto">
              <button type="button" className="link" onClick={() => scrollTo(node.stepId)}>
                {t('flow.goto', { step: `${props.numberOf.get(node.stepId) ?? '?'} (${node.stepId})` })}
              </button>
            </li>
          );
        }
        const labels = node.split === 'branch' ? [t('flow.path.yes'), t('flow.path.no')] : [t('flow.path.came'), t('flow.path.timeout')];
        return (
          <li key={`split-${i}`} className="flow-split">
            {node.paths.map((path, p) => (
              <section key={p} className={`flow-path flow-path-${p === 0 ? 'first' : 'second'}`} aria-label={labels[p]}>
                <p className="flow-path-label">{labels[p]}</p>
                <FlowNodes nodes={path.nodes} {...props} />
              </section>
            ))}
          </li>
        );
      })}
    </ol>
  );
}

function StepCard({ step, atStep, words, numberOf }: NodeProps & { step: ScenarioStep }) {
  const { t, f } = useI18n();
  const here = atStep[step.id] ?? 0;
  return (
    <li id={cardId(step.id)} className={`flow-card flow-${step.type}`}>
      <span className="flow-kind">
        {t('flow.stepOf', { n: numberOf.get(step.id) ?? '?' })} · {t(`scenarios.type.${step.type}`)} <code>{step.id}</code>
      </span>
      <p>{stepWords(words, step)}</p>
      <span className={here > 0 ? 'flow-count busy' : 'flow-count'}>{t('flow.here', { n: f.number(here) })}</span>
    </li>
  );
}
