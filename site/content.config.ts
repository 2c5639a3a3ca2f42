import { defineCollection, z } from 'astro:content';
import { glob } from 'astro/loaders';

/**
 * The course: one folder per lesson and language, `lessons/<lang>/<NN-slug>/index.md`. The entry
 * id is `<lang>/<NN-slug>`. Frontmatter is validated against the schema below, so a typo in a
 * lesson fails the build with the field's name.
 */
const lessonSchema = z
  .object({
    /** The lesson's heading, shown in the page title and above the text. */
    title: z.string().min(1),
    /** Position in the course, from 1; it is also the lesson's address (`/en/lessons/1/`). */
    order: z.number().int().positive(),
    /** One sentence under the title and in the page's description. */
    summary: z.string().min(1),
    /** The build context the lesson starts with: what the editor opens and Reset restores. */
    starter: z.object({
      /**
       * Path (relative to the build context, POSIX, no leading slash) → file text. Tabs open in
       * this order. A lesson that builds needs a `Dockerfile`.
       */
      files: z
        .record(
          z
            .string()
            .regex(/^(?!\/)(?!.*(?:^|\/)\.\.(?:\/|$)).+$/, 'a relative path inside the context'),
          z.string(),
        )
        .refine((files) => Object.keys(files).length > 0, 'at least one starter file'),
      /** The file the editor shows first; defaults to the first of `files`. */
      open: z.string().optional(),
    }),
    /** What the lesson asks the learner to do, as terminal command lines, in order. */
    solution: z.object({
      commands: z.array(z.string().min(1)).min(1),
    }),
  })
  .refine((lesson) => !lesson.starter.open || lesson.starter.open in lesson.starter.files, {
    message: '`starter.open` must name one of `starter.files`',
    path: ['starter', 'open'],
  });

export type LessonFrontmatter = z.infer<typeof lessonSchema>;

const lessons = defineCollection({
  loader: glob({ pattern: '*/*/index.md', base: './lessons' }),
  schema: lessonSchema,
});

export const collections = { lessons };
