/** The course's addresses, for pages and islands alike (no content collection here). */

export function lessonPath(lang: string, order: number | string): string {
  return `/${lang}/lessons/${order}/`;
}

/** A lesson's run-for-real page; without a lesson, the index of them. */
export function realPath(lang: string, order?: number | string): string {
  return order === undefined ? `/${lang}/real/` : `/${lang}/real/${order}/`;
}
