/**
 * Lesson strings (goal texts, questions, options, messages) may hold Markdown code spans. This
 * splits them into text and code parts, so pages and islands render them without any markup
 * from the string itself.
 */
export interface InlinePart {
  code: boolean;
  text: string;
}

export function inlineParts(text: string): InlinePart[] {
  const parts: InlinePart[] = [];
  const pattern = /`([^`]+)`/g;
  let last = 0;
  for (const match of text.matchAll(pattern)) {
    const index = match.index ?? 0;
    if (index > last) parts.push({ code: false, text: text.slice(last, index) });
    parts.push({ code: true, text: match[1] ?? '' });
    last = index + match[0].length;
  }
  if (last < text.length) parts.push({ code: false, text: text.slice(last) });

  return parts;
}
