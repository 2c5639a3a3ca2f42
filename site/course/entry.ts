/** A collection entry as the course check reads it. */
import type { CourseLesson } from '../../sandbox/course/index.ts';

interface EntryLike {
  id: string;
  data: unknown;
  filePath?: string;
}

export function storedLessonFromEntry(entry: EntryLike): CourseLesson {
  return {
    ...(entry.data as Omit<CourseLesson, 'id' | 'file'>),
    id: entry.id,
    file: entry.filePath ?? `lessons/${entry.id}/index.md`,
  };
}
