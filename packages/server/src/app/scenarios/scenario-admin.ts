import { err, ok, validateScenario, type DomainError, type Issue, type Result, type Scenario } from '@leadpulse/core';
import type { ActiveDoctrine } from '../active-doctrine.js';
import { newId } from '../new-id.js';
import type { Clock, Store } from '../ports.js';
import type { ScenarioAdmin, ScenarioView } from '../scenario-app.js';
import type { ScenarioRecord } from '../scenario-ports.js';
import type { ActiveScenarios } from './active-scenarios.js';
import { simulateStored } from './simulate-stored.js';

type Deps = { store: Pick<Store, 'scenarios' | 'templates' | 'enrolments' | 'events' | 'contacts' | 'transaction'>; clock: Clock; doctrine: () => ActiveDoctrine; active: ActiveScenarios };

const notFound = (id: string): DomainError => ({ code: 'scenario_not_found', message: `No scenario has the id ${id}.` });
const invalid = (issues: readonly Issue[]): DomainError => ({ code: 'invalid_scenario', message: `The scenario has ${issues.length} problem(s); each issue names its path.`, issues });

/** Scenarios as documents: validated against the doctrine's stages and the stored templates, versioned on every edit. */
export function createScenarioAdmin(deps: Deps): ScenarioAdmin {
  const now = () => deps.clock.now().getTime();
  const view = async (record: ScenarioRecord): Promise<ScenarioView> => ({ record, atStep: await deps.store.scenarios.countsByStep(record.id) });

  async function check(input: unknown): Promise<Result<Scenario, DomainError>> {
    const templates = new Set((await deps.store.templates.list()).map((t) => t.key));
    const stages = deps.doctrine().compiled.doctrine.stages.map((s) => s.key).concat(deps.doctrine().compiled.doctrine.fallback.key);
    const result = validateScenario(input, { stages, templates });
    return result.ok ? result : err(invalid(result.error));
  }

  async function changed<T>(value: T): Promise<T> {
    await deps.active.refresh();
    return value;
  }

  async function setStatus(id: string, status: 'active' | 'paused'): Promise<Result<ScenarioRecord, DomainError>> {
    if (!(await deps.store.scenarios.setStatus(id, status, now()))) return err(notFound(id));
    return changed(ok((await deps.store.scenarios.get(id))!));
  }

  return {
    async list() {
      return Promise.all((await deps.store.scenarios.list()).map(view));
    },
    async get(id) {
      const record = await deps.store.scenarios.get(id);
      return record ? ok(await view(record)) : err(notFound(id));
    },
    validate: (input) => validateScenario(input),
    async create(input, options = {}) {
      const scenario = await check(input);
      if (!scenario.ok) return scenario;
      const at = now();
      const record: ScenarioRecord = { id: newId('scn', at), key: scenario.value.key, version: 1, status: options.activate ? 'active' : 'draft', scenario: scenario.value, createdAt: at, updatedAt: at };
      if (!(await deps.store.scenarios.save(record))) return err({ code: 'scenario_key_taken', message: `Another scenario already has the key "${record.key}".` });
      return changed(ok(record));
    },
    async update(id, input, options = {}) {
      const previous = await deps.store.scenarios.get(id);
      if (!previous) return err(notFound(id));
      const scenario = await check(input);
      if (!scenario.ok) return scenario;
      const record: ScenarioRecord = { ...previous, key: scenario.value.key, version: previous.version + 1, scenario: scenario.value, updatedAt: now() };
      if (!(await deps.store.scenarios.save(record))) return err({ code: 'scenario_key_taken', message: `Another scenario already has the key "${record.key}".` });
      // Active enrolments follow the new version by step id unless the caller keeps them on theirs.
      if ((options.migrate ?? 'by_step') === 'by_step') await moveEnrolments(record);
      return changed(ok(record));
    },
    async remove(id) {
      if (!(await deps.store.scenarios.delete(id))) return err(notFound(id));
      return changed(ok({ deleted: true as const }));
    },
    activate: (id) => setStatus(id, 'active'),
    pause: (id) => setStatus(id, 'paused'),
    async enrolments(id, options) {
      if (!(await deps.store.scenarios.get(id))) return err(notFound(id));
      return ok(await deps.store.enrolments.ofScenario(id, options));
    },
    async simulate(id, input) {
      const record = await deps.store.scenarios.get(id);
      if (!record) return err(notFound(id));
      return simulateStored(deps, record.scenario, input);
    },
  };

  /** Active enrolments follow the new version by step id; one whose step is gone ends, saying so. */
  async function moveEnrolments(record: ScenarioRecord): Promise<void> {
    await deps.store.scenarios.moveEnrolments(record.id, record.version, record.scenario.steps.map((s) => s.id), now());
  }
}
