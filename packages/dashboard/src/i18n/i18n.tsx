import { createContext, useContext, useMemo, useState, type ReactNode } from 'react';
import { en, type MessageKey } from './en.js';
import { fr } from './fr.js';
import { errorMessages } from './error-messages.js';

export type Lang = 'en' | 'fr';
const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { en, fr };
const STORAGE_KEY = 'leadpulse.lang';

/** The saved choice, else the browser's language. */
export function initialLang(): Lang {
  const saved = typeof localStorage === 'undefined' ? null : localStorage.getItem(STORAGE_KEY);
  if (saved === 'en' || saved === 'fr') return saved;
  return typeof navigator !== 'undefined' && navigator.language.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

/** Fills `{name}` placeholders. */
export function translate(lang: Lang, key: MessageKey, vars: Record<string, string | number> = {}): string {
  return CATALOGUES[lang][key].replace(/\{(\w+)\}/g, (_, name: string) => String(vars[name] ?? `{${name}}`));
}

export interface Formats {
  number(value: number | null | undefined, digits?: number): string;
  percent(value: number | null | undefined, digits?: number): string;
  money(value: number | null | undefined, currency?: string | null): string;
  date(value: string | number | null | undefined): string;
  dateTime(value: string | number | null | undefined): string;
  /** The time of day alone (a day's heading says the date). */
  time(value: string | number | null | undefined): string;
  /** A duration in milliseconds as days, hours or minutes. */
  duration(ms: number | null | undefined): string;
}

export function formats(lang: Lang): Formats {
  const locale = lang === 'fr' ? 'fr-FR' : 'en-GB';
  const dash = '–';
  const numberFormat = new Intl.NumberFormat(locale, { maximumFractionDigits: 1 });
  const dateFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium' });
  const dateTimeFormat = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
  const timeFormat = new Intl.DateTimeFormat(locale, { timeStyle: 'short' });
  const unit = (value: number, which: 'day' | 'hour' | 'minute') => new Intl.NumberFormat(locale, { style: 'unit', unit: which, unitDisplay: 'long', maximumFractionDigits: 1 }).format(value);
  return {
    number: (v, digits) => (v === null || v === undefined ? dash : digits === undefined ? numberFormat.format(v) : new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v)),
    percent: (v, digits = 1) => (v === null || v === undefined ? dash : new Intl.NumberFormat(locale, { style: 'percent', maximumFractionDigits: digits }).format(v)),
    money: (v, currency) => (v === null || v === undefined ? dash : new Intl.NumberFormat(locale, { style: 'currency', currency: currency ?? 'EUR', maximumFractionDigits: 2 }).format(v)),
    date: (v) => (v === null || v === undefined ? dash : dateFormat.format(new Date(v))),
    dateTime: (v) => (v === null || v === undefined ? dash : dateTimeFormat.format(new Date(v))),
    time: (v) => (v === null || v === undefined ? dash : timeFormat.format(new Date(v))),
    duration: (ms) => (ms === null || ms === undefined ? dash : ms >= 86_400_000 ? unit(ms / 86_400_000, 'day') : ms >= 3_600_000 ? unit(ms / 3_600_000, 'hour') : unit(Math.round(ms / 60_000), 'minute')),
  };
}

interface I18n {
  readonly lang: Lang;
  setLang(lang: Lang): void;
  t(key: MessageKey, vars?: Record<string, string | number>): string;
  /** A translated message for an API error code, falling back to the server's message. */
  errorText(code: string, fallback?: string): string;
  readonly f: Formats;
}

const I18nContext = createContext<I18n | null>(null);

export function I18nProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);
  const value = useMemo<I18n>(() => {
    document.documentElement.lang = lang;
    return {
      lang,
      setLang(next) {
        localStorage.setItem(STORAGE_KEY, next);
        setLangState(next);
      },
      t: (key, vars) => translate(lang, key, vars),
      errorText: (code, fallback) => errorMessages[lang][code] ?? fallback ?? errorMessages[lang]['internal_error']!,
      f: formats(lang),
    };
  }, [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const value = useContext(I18nContext);
  if (!value) throw new Error('useI18n outside I18nProvider');
  return value;
}
