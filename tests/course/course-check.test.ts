/**
 * The build-time course check on fixture lessons (tests/fixtures/course/<case>/<lang>/<slug>/):
 * frontmatter parsed as Astro's glob loader parses it, validated by the lesson schema, then
 * resolved and run through the engine. Each broken fixture must fail with a message naming the
 * file and the field.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { parseFrontmatter } from '@astrojs/markdown-remark';
import { describe, expect, it } from 'vitest';
import { lessonSchema } from '../../site/content.config.ts';
import { schemaProblems } from '../../site/course/course-loader.ts';
import {
  formatProblems,
  resolveStarters,
  verifyCourse,
  type CourseLesson,
} from '../../sandbox/course/index.ts';

const root = resolve(import.meta.dirname, '../..');
const fixtures = join(root, 'tests/fixtures/course');

interface Loaded {
  lessons: CourseLesson[];
  /** Schema problems as `file: field: message`. */
  schemaProblems: string[];
}

function loadFixture(name: string): Loaded {
  const lessons: CourseLesson[] = [];
  const schemaProblems_: string[] = [];
  for (const lang of readdirSync(join(fixtures, name))) {
    for (const slug of readdirSync(join(fixtures, name, lang))) {
      const path = join(fixtures, name, lang, slug, 'index.md');
      const file = relative(root, path);
      const { frontmatter } = parseFrontmatter(readFileSync(path, 'utf8'));
      const problems = schemaProblems(lessonSchema, frontmatter, file);
      if (problems.length > 0) {
        schemaProblems_.push(...problems.map((p) => `${p.file}: ${p.field}: ${p.message}`));
        continue;
      }
      const parsed = lessonSchema.parse(frontmatter);
      lessons.push({ ...parsed, id: `${lang}/${slug}`, file });
    }
  }

  return { lessons, schemaProblems: schemaProblems_ };
}

describe('the course check', () => {
  it('passes a good course and resolves `from: previous`', async () => {
    const { lessons, schemaProblems } = loadFixture('good');
    expect(schemaProblems).toEqual([]);
    const { starters, problems } = resolveStarters(lessons);
    expect(problems).toEqual([]);
    const second = starters.get('en/02-next');
    expect(Object.keys(second?.files ?? {})).toEqual(['Dockerfile', 'index.html', 'extra.txt']);
    // The previous lesson's solution file replaces its starter file.
    expect(second?.files.Dockerfile).toContain('COPY . .');
    expect(second?.open).toBe('extra.txt');
    expect(await verifyCourse(lessons)).toEqual([]);
  });

  it('fails a lesson whose solution does not meet its goals, naming the file and the goal', async () => {
    const { lessons, schemaProblems } = loadFixture('broken-solution');
    expect(schemaProblems).toEqual([]);
    const problems = await verifyCourse(lessons);
    expect(formatProblems(problems)).toBe(
      [
        'The course has 2 problems:',
        '  tests/fixtures/course/broken-solution/en/01-expose/index.md: goals[1]: the solution does not meet "image-exposes": `broken:one` exposes no port, not 8080/tcp',
        '  tests/fixtures/course/broken-solution/en/01-expose/index.md: quiz[0].fact: "published-url" has no value after the solution: no running container publishes port 8080 yet',
      ].join('\n'),
    );
  });

  it('refuses an unknown check, a missing argument and a single choice with two answers', () => {
    const { schemaProblems } = loadFixture('unknown-check');
    const file = 'tests/fixtures/course/unknown-check/en/01-typo/index.md';
    expect(schemaProblems).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${file}: goals\\[0\\]\\.check: unknown goal check "image-exist"; the checks are image-exists, `,
        ),
      ),
      `${file}: goals[1].with: port-published: \`containerPort\` is missing: the container port, \`8080\``,
      `${file}: quiz[0].options: a single-choice question needs exactly one correct option, not 2`,
    ]);
  });

  it('fails a starter Dockerfile that does not parse unless it is marked broken', async () => {
    const { lessons, schemaProblems } = loadFixture('bad-dockerfile');
    expect(schemaProblems).toEqual([]);
    const problems = await verifyCourse(lessons);
    expect(problems).toEqual([
      {
        file: 'tests/fixtures/course/bad-dockerfile/en/01-form/index.md',
        field: 'starter.files.Dockerfile',
        message:
          'does not parse: dockerfile parse error on line 1: unknown instruction: FORM (did you mean FROM?) (list it in starter.broken if that is on purpose)',
      },
    ]);
  });

  it('fails a solution command that never ends, with a bound', async () => {
    const { lessons, schemaProblems } = loadFixture('hanging');
    expect(schemaProblems).toEqual([]);
    const problems = await verifyCourse(lessons, { commandBoundMs: 1500 });
    expect(problems).toEqual([
      {
        file: 'tests/fixtures/course/hanging/en/01-foreground/index.md',
        field: 'solution.commands[1]',
        message:
          '`docker run hang:one` did not finish within 1.5 s (a foreground `docker run` needs -d)',
      },
    ]);
  });

  it('refuses `from: previous` on a first lesson and a `remove` of a file not inherited', () => {
    const { lessons } = loadFixture('good');
    const second = lessons.find((lesson) => lesson.id === 'en/02-next');
    if (!second) throw new Error('fixture missing');
    const alone = { ...second, starter: { ...second.starter } };
    expect(resolveStarters([alone]).problems).toEqual([
      {
        file: second.file,
        field: 'starter.from',
        message: 'this is the first lesson of its language: there is no previous one',
      },
      {
        file: second.file,
        field: 'starter.remove',
        message: '"notes.txt" is not among the inherited files (none)',
      },
    ]);
  });
});
