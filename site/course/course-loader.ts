/**
 * The `lessons` collection's loader: Astro's glob loader reads and validates every lesson, then
 * the course as a whole is checked with `sandbox/course` (starters resolved, Dockerfiles parsed,
 * every solution run through the engine against its own goals). Any problem fails the build with
 * one message that names the file and the field of each problem.
 */
import type { Loader, LoaderContext } from 'astro/loaders';
import { glob } from 'astro/loaders';
import { formatProblems, verifyCourse, type CourseLesson } from '../../sandbox/course/index.ts';
import { storedLessonFromEntry } from './entry.ts';

/** The lessons in the store, as the course check reads them. */
export function storedLessons(context: Pick<LoaderContext, 'store'>): CourseLesson[] {
  return context.store.values().map(storedLessonFromEntry);
}

/** Thrown when the course does not hold together; its message lists every problem. */
export class CourseError extends Error {
  override name = 'CourseError';
}

export function courseLoader(base: string): Loader {
  const inner = glob({ pattern: '*/*/index.md', base });

  return {
    name: 'dockyard-course',
    async load(context) {
      await inner.load(context);
      const lessons = storedLessons(context);
      const started = Date.now();
      const problems = await verifyCourse(lessons);
      if (problems.length > 0) throw new CourseError(formatProblems(problems));
      context.logger.info(
        `${lessons.length} lessons: every solution meets its goals (${Date.now() - started} ms)`,
      );
    },
  };
}
