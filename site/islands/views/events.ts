/**
 * Line links between the editor and the Docker views, as window events so neither island has to
 * be loaded for the other to work: a view asks the editor to show Dockerfile lines, and the
 * editor says which line the cursor is on.
 */

export interface LineRange {
  /** Build-context path of the file (`Dockerfile`, `2.Dockerfile`). */
  path: string;
  start: number;
  end: number;
}

export interface CursorLine {
  path: string;
  line: number;
}

const REVEAL = 'dockyard:reveal-lines';
const CURSOR = 'dockyard:cursor-line';

export function revealLines(range: LineRange): void {
  window.dispatchEvent(new CustomEvent<LineRange>(REVEAL, { detail: range }));
}

export function onRevealLines(listener: (range: LineRange) => void): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<LineRange>).detail);
  window.addEventListener(REVEAL, handler);
  return () => window.removeEventListener(REVEAL, handler);
}

export function announceCursorLine(cursor: CursorLine): void {
  window.dispatchEvent(new CustomEvent<CursorLine>(CURSOR, { detail: cursor }));
}

export function onCursorLine(listener: (cursor: CursorLine) => void): () => void {
  const handler = (event: Event) => listener((event as CustomEvent<CursorLine>).detail);
  window.addEventListener(CURSOR, handler);
  return () => window.removeEventListener(CURSOR, handler);
}
