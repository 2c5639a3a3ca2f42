/**
 * The course as a whole: resolving each lesson's starting files (`from: previous`) and checking
 * that every lesson works: its Dockerfiles parse, and its solution, run through the engine,
 * meets its own goals and gives every quiz fact a value. The site build runs this and stops on
 * any problem.
 */
import type { Environment, Sandbox } from '../api.ts';
import { pinnedEnvironment } from '../environment.ts';
import { createSandbox } from '../index.ts';
import type { QuizFactName } from './catalog.ts';
import { factValue } from './facts.ts';
import { GoalChecker, type ArgumentValues, type Goal } from './goals.ts';
import { isLanguage } from './messages.ts';

export interface ChoiceQuestion {
  kind: 'single' | 'multiple';
  question: string;
  options: Array<{ text: string; correct: boolean; why: string }>;
}

export interface AnswerQuestion {
  kind: 'answer';
  question: string;
  fact: QuizFactName;
  with: ArgumentValues;
  why: string;
}

export type QuizQuestion = ChoiceQuestion | AnswerQuestion;

/** A lesson as its frontmatter gives it (after the schema's defaults). */
export interface CourseLesson {
  /** `<lang>/<NN-slug>` */
  id: string;
  /** Where it came from, for messages: `lessons/en/03-workdir/index.md`. */
  file: string;
  order: number;
  starter: {
    from?: 'previous';
    open?: string;
    files: Record<string, string>;
    remove: string[];
    broken: string[];
  };
  solution: { files: Record<string, string>; commands: string[] };
  goals: Goal[];
  quiz: QuizQuestion[];
}

export interface ResolvedStarter {
  /** The build context at the lesson's start, in tab order. */
  files: Record<string, string>;
  /** The tab shown first. */
  open: string;
}

/** One thing wrong with a lesson: the file, the frontmatter field, and what is wrong. */
export interface CourseProblem {
  file: string;
  field: string;
  message: string;
}

export function languageOf(lesson: Pick<CourseLesson, 'id'>): string {
  return lesson.id.split('/')[0] ?? '';
}

/** Lessons of one language in course order. */
function byLanguage(lessons: readonly CourseLesson[]): Map<string, CourseLesson[]> {
  const groups = new Map<string, CourseLesson[]>();
  for (const lesson of lessons) {
    const group = groups.get(languageOf(lesson)) ?? [];
    group.push(lesson);
    groups.set(languageOf(lesson), group);
  }
  for (const group of groups.values()) group.sort((a, b) => a.order - b.order);

  return groups;
}

/**
 * Each lesson's starting files: its own, or with `from: previous` the previous lesson's starting
 * files and solution files, less `remove`, plus its own.
 */
export function resolveStarters(lessons: readonly CourseLesson[]): {
  starters: Map<string, ResolvedStarter>;
  problems: CourseProblem[];
} {
  const starters = new Map<string, ResolvedStarter>();
  const problems: CourseProblem[] = [];

  for (const [language, group] of byLanguage(lessons)) {
    if (!isLanguage(language)) {
      for (const lesson of group) {
        problems.push({
          file: lesson.file,
          field: 'id',
          message: `lessons live in lessons/en/ or lessons/zh/, not lessons/${language}/`,
        });
      }
    }
    let previous: { lesson: CourseLesson; starter: ResolvedStarter } | undefined;
    for (const lesson of group) {
      const problem = (field: string, message: string) =>
        problems.push({ file: lesson.file, field, message });
      if (previous && previous.lesson.order === lesson.order) {
        problem('order', `${lesson.order} is also the order of ${previous.lesson.file}`);
      }
      let files: Record<string, string> = {};
      let inheritedOpen: string | undefined;
      if (lesson.starter.from === 'previous') {
        if (previous) {
          files = { ...previous.starter.files, ...previous.lesson.solution.files };
          inheritedOpen = previous.starter.open;
        } else {
          problem(
            'starter.from',
            'this is the first lesson of its language: there is no previous one',
          );
        }
      }
      for (const path of lesson.starter.remove) {
        if (!(path in files)) {
          problem(
            'starter.remove',
            `"${path}" is not among the inherited files (${Object.keys(files).join(', ') || 'none'})`,
          );
        }
        delete files[path];
      }
      files = { ...files, ...lesson.starter.files };
      const paths = Object.keys(files);
      const open =
        lesson.starter.open ??
        Object.keys(lesson.starter.files)[0] ??
        (inheritedOpen !== undefined && inheritedOpen in files ? inheritedOpen : paths[0]) ??
        'Dockerfile';
      if (paths.length === 0) problem('starter.files', 'the lesson starts with no files at all');
      if (lesson.starter.open !== undefined && !(lesson.starter.open in files)) {
        problem(
          'starter.open',
          `"${lesson.starter.open}" is not one of the starting files (${paths.join(', ')})`,
        );
      }
      const starter = { files, open };
      starters.set(lesson.id, starter);
      previous = { lesson, starter };
    }
  }

  return { starters, problems };
}

/** A file `docker build -f` would read as a Dockerfile by its name. */
export function isDockerfileName(path: string): boolean {
  return /(^|\/)(Dockerfile|[^/]+\.Dockerfile|Dockerfile\.[^/]+)$/.test(path);
}

export interface VerifyOptions {
  /** How long one solution command may run, in real time, before it counts as hung. */
  commandBoundMs?: number;
}

/** A bound on one solution command, in real time, so a command that never ends fails the check. */
const COMMAND_BOUND_MS = 10_000;

/** The pinned environment every lesson's solution runs in, so the course check is repeatable. */
export function courseEnvironment(seed = 1): Environment {
  return pinnedEnvironment(Date.parse('2026-01-01T09:00:00Z'), seed);
}

async function runBounded(
  sandbox: Sandbox,
  line: string,
  boundMs: number,
): Promise<{ status: number | 'hung'; output: string }> {
  let output = '';
  const controller = new AbortController();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const bound = new Promise<'hung'>((resolve) => {
    timer = setTimeout(() => {
      controller.abort('SIGKILL');
      resolve('hung');
    }, boundMs);
  });
  const status = await Promise.race([
    sandbox.run(line, {
      tty: false,
      signal: controller.signal,
      onOutput: (text) => (output += text),
    }),
    bound,
  ]);
  clearTimeout(timer);

  return { status, output };
}

function lastLine(text: string): string {
  return (
    text
      .trim()
      .split('\n')
      .filter((line) => line.trim() !== '')
      .at(-1) ?? ''
  );
}

/** Everything wrong with one lesson whose starter is resolved. */
export async function verifyLesson(
  lesson: CourseLesson,
  starter: ResolvedStarter,
  options: VerifyOptions = {},
): Promise<CourseProblem[]> {
  const boundMs = options.commandBoundMs ?? COMMAND_BOUND_MS;
  const problems: CourseProblem[] = [];
  const problem = (field: string, message: string) =>
    problems.push({ file: lesson.file, field, message });
  const sandbox = createSandbox({ files: { ...starter.files }, environment: courseEnvironment() });

  try {
    for (const path of lesson.starter.broken) {
      if (!(path in starter.files)) {
        problem('starter.broken', `"${path}" is not one of the starting files`);
      }
    }
    for (const path of Object.keys(starter.files)) {
      if (!isDockerfileName(path) || lesson.starter.broken.includes(path)) continue;
      const error = sandbox.diagnostics(path).find((d) => d.severity === 'error');
      if (error) {
        problem(
          `starter.files.${path}`,
          `does not parse: ${error.message} (list it in starter.broken if that is on purpose)`,
        );
      }
    }

    for (const [path, content] of Object.entries(lesson.solution.files)) {
      sandbox.writeFile(path, content);
      if (!isDockerfileName(path)) continue;
      const error = sandbox.diagnostics(path).find((d) => d.severity === 'error');
      if (error) {
        problem(`solution.files.${path}`, `does not parse: ${error.message}`);
      }
    }
    const failures: string[] = [];
    for (const [index, line] of lesson.solution.commands.entries()) {
      const { status, output } = await runBounded(sandbox, line, boundMs);
      if (status === 'hung') {
        problem(
          `solution.commands[${index}]`,
          `\`${line}\` did not finish within ${boundMs / 1000} s (a foreground \`docker run\` needs -d)`,
        );
        return problems;
      }
      if (status !== 0) failures.push(`\`${line}\` exited with ${status}: ${lastLine(output)}`);
    }

    const checker = new GoalChecker(sandbox);
    for (const [index, goal] of lesson.goals.entries()) {
      const result = checker.check(goal, 'en');
      if (!result.met) {
        const after = failures.length > 0 ? ` (after ${failures.join('; ')})` : '';
        problem(
          `goals[${index}]`,
          `the solution does not meet "${goal.check}": ${result.reason}${after}`,
        );
      }
    }
    for (const [index, question] of lesson.quiz.entries()) {
      if (question.kind !== 'answer') continue;
      const value = factValue(sandbox.state(), question.fact, question.with, 'en');
      if (!value.known) {
        problem(
          `quiz[${index}].fact`,
          `"${question.fact}" has no value after the solution: ${value.reason}`,
        );
      }
    }
  } finally {
    sandbox.dispose();
  }

  return problems;
}

/** Resolves and checks every lesson; the problems of all of them, in course order. */
export async function verifyCourse(
  lessons: readonly CourseLesson[],
  options: VerifyOptions = {},
): Promise<CourseProblem[]> {
  const { starters, problems } = resolveStarters(lessons);
  for (const lesson of lessons) {
    const starter = starters.get(lesson.id);
    if (starter) problems.push(...(await verifyLesson(lesson, starter, options)));
  }

  return problems;
}

/** One readable message: each problem as `file: field: what is wrong`. */
export function formatProblems(problems: readonly CourseProblem[]): string {
  const count = problems.length === 1 ? 'a problem' : `${problems.length} problems`;

  return [
    `The course has ${count}:`,
    ...problems.map((p) => `  ${p.file}: ${p.field}: ${p.message}`),
  ].join('\n');
}
