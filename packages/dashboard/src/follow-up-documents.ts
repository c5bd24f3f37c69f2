import type { AdminClient } from '@leadpulse/contract/client';

// The follow-up documents as the typed client answers and takes them: the dashboard imports only the client (the
// contract's schemas would bundle zod), so their types are read off its methods.
type Answer<K extends keyof AdminClient> = AdminClient[K] extends (...args: never[]) => Promise<infer T> ? T : never;
type Argument<K extends keyof AdminClient, I extends number> = AdminClient[K] extends (...args: infer A) => unknown ? NonNullable<A[I]> : never;

export type SendDocument = Answer<'getSend'>;
export type SendStatusValue = SendDocument['status'];
export type EnrolmentDocument = Answer<'scenarioEnrolments'>['enrolments'][number];
export type SimulationDocument = Answer<'simulateScenario'>;
export type TemplateDocument = Answer<'getTemplate'>;
export type TemplateInput = Argument<'createTemplate', 0>;
export type RenderedMessageDocument = Answer<'previewTemplate'>;
export type TaskDocument = Answer<'updateTask'>;
export type TaskStatusValue = TaskDocument['status'];
export type UpdateTaskBody = Argument<'updateTask', 1>;
