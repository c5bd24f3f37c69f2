import { TEMPERATURES } from '@leadpulse/core';

/** A contact's stage with the doctrine's own label, coloured by temperature. */
export function StageBadge({ stage, label }: { stage: string; label: string }) {
  const tone = (TEMPERATURES as readonly string[]).includes(stage) ? stage : 'none';
  return <span className={`badge badge-${tone}`}>{label}</span>;
}

/** Colours of the temperatures, shared by badges and charts. */
export const TEMPERATURE_COLOURS: Record<string, string> = { cold: '#3b82c4', warm: '#e0a100', hot: '#d9442b', client: '#2e9d5b', unknown: '#9aa3ad' };
