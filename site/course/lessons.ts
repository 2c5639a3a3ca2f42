/**
 * The course as pages see it: every lesson with its starting files resolved, in order, per
 * language, with its neighbours and its versions in the other languages.
 */
import { getCollection, type CollectionEntry } from 'astro:content';
import { resolveStarters, type ResolvedStarter } from '../../sandbox/course/index.ts';
import type { LessonData } from '../islands/store.ts';
import { storedLessonFromEntry } from './entry.ts';
import { lessonPath } from './paths.ts';

export interface CoursePage {
  entry: CollectionEntry<'lessons'>;
  lang: string;
  /** The lesson's folder name, the same in every language. */
  key: string;
  starter: ResolvedStarter;
  previous?: { order: number; title: string };
  next?: { order: number; title: string };
  /** The lesson's address in each language that has it. */
  alternates: Record<string, string>;
}

export { lessonPath, realPath } from './paths.ts';

export async function coursePages(): Promise<CoursePage[]> {
  const entries = await getCollection('lessons');
  const { starters } = resolveStarters(entries.map(storedLessonFromEntry));
  const sorted = [...entries].sort((a, b) => a.data.order - b.data.order);
  const langOf = (entry: CollectionEntry<'lessons'>) => entry.id.split('/')[0] ?? 'en';
  const keyOf = (entry: CollectionEntry<'lessons'>) => entry.id.split('/')[1] ?? entry.id;

  return sorted.map((entry) => {
    const lang = langOf(entry);
    const same = sorted.filter((other) => langOf(other) === lang);
    const position = same.indexOf(entry);
    const neighbour = (other: CollectionEntry<'lessons'> | undefined) =>
      other ? { order: other.data.order, title: other.data.title } : undefined;
    const alternates: Record<string, string> = {};
    for (const other of sorted) {
      if (other.data.order === entry.data.order) {
        alternates[langOf(other)] = lessonPath(langOf(other), other.data.order);
      }
    }

    return {
      entry,
      lang,
      key: keyOf(entry),
      starter: starters.get(entry.id) ?? { files: entry.data.starter.files, open: 'Dockerfile' },
      previous: neighbour(same[position - 1]),
      next: neighbour(same[position + 1]),
      alternates,
    };
  });
}

/** A lesson as a list of lessons shows it. */
export interface LessonSummary {
  key: string;
  order: number;
  title: string;
  summary: string;
}

/**
 * Astro's static paths of a page per language (`/[lang]/...`) that lists the lessons: each gets
 * its language's lessons and, from `address`, its own address in every language.
 */
export async function languageStaticPaths(address: (lang: string) => string) {
  const pages = await coursePages();
  const languages = [...new Set(pages.map((page) => page.lang))];

  return languages.map((lang) => ({
    params: { lang },
    props: {
      lessons: pages
        .filter((page) => page.lang === lang)
        .map((page): LessonSummary => ({
          key: page.key,
          order: page.entry.data.order,
          title: page.entry.data.title,
          summary: page.entry.data.summary,
        })),
      alternates: Object.fromEntries(languages.map((code) => [code, address(code)])),
    },
  }));
}

/** Astro's static paths of a page per lesson and language (`/[lang]/.../[order]/`). */
export async function lessonStaticPaths() {
  const pages = await coursePages();

  return pages.map((page) => ({
    params: { lang: page.lang, order: String(page.entry.data.order) },
    props: { page },
  }));
}

/**
 * What a lesson's workbench hands its scripts (`#dockyard-lesson`), as JSON with `<` escaped so
 * no file content can close the script element early.
 */
export function lessonJson(page: CoursePage): string {
  const { entry, lang, starter } = page;
  const { title, order, solution, goals, quiz } = entry.data;
  const data: LessonData = {
    id: entry.id,
    key: page.key,
    lang,
    order,
    title,
    files: starter.files,
    open: starter.open,
    solution,
    goals,
    quiz,
  };

  return JSON.stringify(data).replace(/</g, '\\u003c');
}
