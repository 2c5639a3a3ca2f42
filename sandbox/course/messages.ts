/** The course's wording in each language the site speaks. */
import { en, type CourseMessages } from './messages-en.ts';
import { zh } from './messages-zh.ts';

export type Language = 'en' | 'zh';

export const languages: readonly Language[] = ['en', 'zh'];

export function messagesFor(language: Language): CourseMessages {
  return language === 'zh' ? zh : en;
}

export function isLanguage(value: string): value is Language {
  return (languages as readonly string[]).includes(value);
}
