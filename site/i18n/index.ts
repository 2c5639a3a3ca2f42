/** The site's interface strings: one catalog per language. */
import { en, type UiMessages } from './en.ts';
import { zh } from './zh.ts';

export type { UiMessages };

export type SiteLanguage = 'en' | 'zh';

export const siteLanguages: readonly SiteLanguage[] = ['en', 'zh'];

export function uiFor(language: string): UiMessages {
  return language === 'zh' ? zh : en;
}

export function isSiteLanguage(value: string): value is SiteLanguage {
  return (siteLanguages as readonly string[]).includes(value);
}
