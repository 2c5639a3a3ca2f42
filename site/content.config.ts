import { defineCollection } from 'astro/content/config';
import { z } from 'astro/zod';
import {
  argumentProblems,
  goalCheckNames,
  goalChecks,
  quizFactNames,
  quizFacts,
} from '../sandbox/course/catalog.ts';
import { courseLoader } from './course/course-loader.ts';

/**
 * The course: one folder per lesson and language, `lessons/<lang>/<NN-slug>/index.md`, the folder
 * name the same in every language. The entry id is `<lang>/<NN-slug>`. Frontmatter is validated
 * against the schema below, so a typo in a lesson fails the build naming the field; then every
 * lesson's solution runs through the engine and must meet the lesson's own goals (see
 * `course/course-loader.ts`). `lessons/README.md` documents each field for lesson writers.
 */

/** A path inside the build context: relative, POSIX, no `..`. */
const contextPath = z
  .string()
  .regex(/^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$)).+$/, 'a relative path inside the build context');

/** Build-context files: path → text, in tab order. */
const contextFiles = z.record(contextPath, z.string());

/** Arguments of a check or fact: a flat map of strings and numbers. */
const argumentsMap = z.record(z.string(), z.union([z.string(), z.number()])).default({});

const goal = z
  .object({
    /** The check that decides whether the goal is met (see `sandbox/course/catalog.ts`). */
    check: z.enum(goalCheckNames, {
      errorMap: (issue, ctx) => ({
        message:
          issue.code === 'invalid_enum_value'
            ? `unknown goal check ${JSON.stringify(issue.received)}; the checks are ${goalCheckNames.join(', ')}`
            : ctx.defaultError,
      }),
    }),
    /** The check's arguments, e.g. `{ ref: 'aaa:ccc' }`. */
    with: argumentsMap,
    /** The goal in plain words, shown to the learner beside its state. */
    text: z.string().min(1),
  })
  .strict()
  .superRefine((value, ctx) => {
    for (const problem of argumentProblems(goalChecks[value.check], value.with)) {
      ctx.addIssue({ code: 'custom', path: ['with'], message: `${value.check}: ${problem}` });
    }
  });

const option = z
  .object({
    /** What the learner may pick. */
    text: z.string().min(1),
    /** Whether picking it is right. */
    correct: z.boolean(),
    /** Why it is right or wrong, shown after the answer is checked. */
    why: z.string().min(1),
  })
  .strict();

const choiceQuestion = z
  .object({
    /** `single`: exactly one option is correct; `multiple`: one or more are. */
    kind: z.enum(['single', 'multiple']),
    question: z.string().min(1),
    options: z.array(option).min(2).max(6),
  })
  .strict()
  .superRefine((value, ctx) => {
    const correct = value.options.filter((candidate) => candidate.correct).length;
    if (value.kind === 'single' && correct !== 1) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: `a single-choice question needs exactly one correct option, not ${correct}`,
      });
    }
    if (value.kind === 'multiple' && correct === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['options'],
        message: 'a multiple-choice question needs at least one correct option',
      });
    }
  });

const answerQuestion = z
  .object({
    /** A short answer that the learner reads from their own sandbox. */
    kind: z.literal('answer'),
    question: z.string().min(1),
    /** The fact whose value, computed from the learner's sandbox, is the right answer. */
    fact: z.enum(quizFactNames, {
      errorMap: (issue, ctx) => ({
        message:
          issue.code === 'invalid_enum_value'
            ? `unknown quiz fact ${JSON.stringify(issue.received)}; the facts are ${quizFactNames.join(', ')}`
            : ctx.defaultError,
      }),
    }),
    /** The fact's arguments, e.g. `{ containerPort: 8080 }`. */
    with: argumentsMap,
    /** Why the right answer is right, shown after the answer is checked. */
    why: z.string().min(1),
  })
  .strict()
  .superRefine((value, ctx) => {
    for (const problem of argumentProblems(quizFacts[value.fact], value.with)) {
      ctx.addIssue({ code: 'custom', path: ['with'], message: `${value.fact}: ${problem}` });
    }
  });

const question = z.union([choiceQuestion, answerQuestion]);

export const lessonSchema = z
  .object({
    /** The lesson's heading, shown in the page title and above the text. */
    title: z.string().min(1),
    /** Position in the course, 1 to 13; it is also the lesson's address (`/en/lessons/1/`). */
    order: z.number().int().min(1).max(99),
    /** One sentence under the title, in the course list and in the page's description. */
    summary: z.string().min(1),
    /** The build context the lesson starts with: what the editor opens and Reset restores. */
    starter: z
      .object({
        /** `previous`: start from the previous lesson's starter plus its solution files. */
        from: z.literal('previous').optional(),
        /** The file the editor shows first; defaults to the first file. */
        open: contextPath.optional(),
        /** Files added to (or replacing) the inherited ones, in tab order. */
        files: contextFiles.default({}),
        /** Inherited files to drop. */
        remove: z.array(contextPath).default([]),
        /** Dockerfiles that are broken on purpose; every other Dockerfile must parse. */
        broken: z.array(contextPath).default([]),
      })
      .strict(),
    /** What Solve does, and what the build checks against the goals. */
    solution: z
      .object({
        /** Files written over the starter before the commands run. */
        files: contextFiles.default({}),
        /** Terminal lines, run in order; a reading-only lesson may have none. */
        commands: z.array(z.string().min(1)).default([]),
      })
      .strict(),
    /** 1 to 4 goals, checked against the sandbox's state after every command. */
    goals: z.array(goal).min(1).max(4),
    /** 2 to 10 questions at the end of the lesson. */
    quiz: z.array(question).min(2).max(10),
  })
  .strict()
  .superRefine((lesson, ctx) => {
    if (!lesson.starter.from && Object.keys(lesson.starter.files).length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['starter', 'files'],
        message: 'at least one starter file (or `from: previous`)',
      });
    }
  });

export type LessonFrontmatter = z.infer<typeof lessonSchema>;

const lessons = defineCollection({
  loader: courseLoader('./lessons', lessonSchema),
  schema: lessonSchema,
});

export const collections = { lessons };
