/**
 * The `lessons` collection's loader: Astro's glob loader reads every lesson, each checked against
 * the lesson schema first, then the course as a whole is checked with `sandbox/course` (starters
 * resolved, Dockerfiles parsed, every solution run through the engine against its own goals).
 * Any problem fails the build with one message that names the file and the field of each problem.
 */
import { relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AstroError } from 'astro/errors';
import type { Loader, LoaderContext } from 'astro/loaders';
import { glob } from 'astro/loaders';
import type { z } from 'astro/zod';
import {
  formatProblems,
  verifyCourse,
  type CourseLesson,
  type CourseProblem,
} from '../../sandbox/course/index.ts';
import { storedLessonFromEntry } from './entry.ts';

/** The lessons in the store, as the course check reads them. */
export function storedLessons(context: Pick<LoaderContext, 'store'>): CourseLesson[] {
  return context.store.values().map(storedLessonFromEntry);
}

/**
 * Thrown when the course does not hold together; its message lists every problem. It carries no
 * stack: the message names the files and fields, and the loader's own frames would only hide it.
 */
export class CourseError extends AstroError {
  constructor(problems: readonly CourseProblem[]) {
    super(
      formatProblems(problems),
      'Fix each field named above; lessons/README.md documents every field, goal check and quiz fact.',
    );
    this.name = 'CourseError';
    this.stack = '';
  }
}

/** `goals[0].check`, the way lessons/README.md and the course check name fields. */
export function fieldName(path: ReadonlyArray<string | number>): string {
  return path.reduce<string>(
    (name, part) =>
      typeof part === 'number' ? `${name}[${part}]` : name === '' ? part : `${name}.${part}`,
    '',
  );
}

/** Schema problems of one lesson file, or none when its frontmatter fits. */
export function schemaProblems(schema: z.ZodTypeAny, data: unknown, file: string): CourseProblem[] {
  const result = schema.safeParse(data);
  if (result.success) return [];

  return result.error.issues.map((issue) => ({
    file,
    field: fieldName(issue.path) || '(frontmatter)',
    message: issue.message,
  }));
}

export function courseLoader(base: string, schema: z.ZodTypeAny): Loader {
  const inner = glob({ pattern: '*/*/index.md', base });

  return {
    name: 'dockyard-course',
    async load(context) {
      const checked: LoaderContext = {
        ...context,
        parseData: (props) => {
          const root = fileURLToPath(context.config.root);
          const file = props.filePath
            ? relative(root, resolve(root, props.filePath))
            : `lessons/${props.id}/index.md`;
          const problems = schemaProblems(schema, props.data, file);
          if (problems.length > 0) throw new CourseError(problems);
          return context.parseData(props);
        },
      };
      await inner.load(checked);
      const lessons = storedLessons(context);
      const started = Date.now();
      const problems = await verifyCourse(lessons);
      if (problems.length > 0) throw new CourseError(problems);
      context.logger.info(
        `${lessons.length} lessons: every solution meets its goals (${Date.now() - started} ms)`,
      );
    },
  };
}
