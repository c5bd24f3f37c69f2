import type { TemplatePreset } from './email-layout.js';
import { TEMPLATES_EN } from './templates-en.js';
import { TEMPLATES_FR } from './templates-fr.js';

export type { TemplatePreset } from './email-layout.js';
export { SCENARIO_PRESETS } from './scenario-presets.js';

/** The templates the shipped scenarios name, each in English and in French. */
export const TEMPLATE_PRESETS: readonly TemplatePreset[] = [...TEMPLATES_EN, ...TEMPLATES_FR];
