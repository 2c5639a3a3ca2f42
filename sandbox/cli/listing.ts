/**
 * `--format` for Docker's listings (`ps`, `images`, `history`, `volume ls`, `system df`): the
 * `table` directive with its header row and tabwriter columns, `json`, and raw Go templates, read
 * the way the client's formatter reads them (`\t` and `\n` typed as two characters become a tab
 * and a newline; `-q` applies only to the default table, except in `ps`, which passes no format
 * when `-q` is given).
 */
import { table } from '../runtime/format.ts';
import type { Terminal } from './docker.ts';
import { QUERY_MESSAGES } from './messages.ts';
import { compileTemplate, templateFailure } from './template.ts';

export interface Listing<Row extends Record<string, unknown>> {
  rows: Row[];
  /** The user's `--format`, if any. */
  format: string | undefined;
  /** The template the plain `table` format stands for. */
  defaultTable: string;
  /** `-q`: the template it stands for (`{{.ID}}`), when the format is the default table. */
  quiet?: string;
  /** Column headers by field: `ID` is `CONTAINER ID`; methods (`Label`) give theirs by call. */
  headers: Record<string, unknown>;
  /** Go's name for a row's type, for the error when a template asks for a field it lacks. */
  typeName: string;
  /** The fields `{{json .}}` and `--format json` print, in Go's (sorted) order. */
  json?: (row: Row) => Record<string, unknown>;
}

/** The listing's text, or the client's error (`template parsing error: ...`). */
export function renderListing<Row extends Record<string, unknown>>(
  listing: Listing<Row>,
): { text: string } | { error: string } {
  let format = (listing.format ?? '').trim();
  if (format === '' || format === 'table') {
    format = listing.quiet ?? listing.defaultTable;
  } else if (format === 'json') {
    format = '{{json .}}';
  }
  const isTable = format.startsWith('table');
  if (isTable) format = format.slice('table'.length).trim();
  format = format.replace(/\\t/g, '\t').replace(/\\n/g, '\n');
  const compiled = compileTemplate(format);
  if (typeof compiled !== 'function')
    return { error: templateFailure(compiled, QUERY_MESSAGES.templateParse) };
  const lines: string[] = [];
  if (isTable) {
    const header = compiled(listing.headers);
    lines.push(typeof header === 'string' ? header : '');
  }
  for (const row of listing.rows) {
    const view = listing.json ? withJson(row, sortedKeys(listing.json(row))) : row;
    const text = compiled(view, { typeName: listing.typeName });
    // The formatter reports a failed execution with the same words as a parse error.
    if (typeof text !== 'string')
      return { error: templateFailure(text, QUERY_MESSAGES.templateParse) };
    lines.push(text);
  }
  if (!isTable) return { text: lines.map((line) => `${line}\n`).join('') };
  // tabwriter: cells end at a tab; the text after a line's last tab is not padded.
  const cells = lines.join('\n').split('\n');
  return { text: `${table(cells.map((line) => line.split('\t')))}\n` };
}

/** Renders the listing and prints it, or its error; the command's exit status. */
export function printListing<Row extends Record<string, unknown>>(
  terminal: Terminal,
  listing: Listing<Row>,
): number {
  const result = renderListing(listing);
  if ('error' in result) {
    terminal.err(`${result.error}\n`);
    return 1;
  }
  terminal.out(result.text);
  return 0;
}

/**
 * A row as a template sees it: its fields, and `{{json .}}` printing the row's JSON form (Go
 * marshals the context's fields, not the object the simulation keeps).
 */
function withJson<Row extends Record<string, unknown>>(
  row: Row,
  json: Record<string, unknown>,
): Row {
  return Object.defineProperty({ ...row }, 'toJSON', { value: () => json, enumerable: false });
}

/** Go marshals the context as a map, so its JSON keys come out sorted. */
function sortedKeys(object: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(object)
      .sort()
      .map((key) => [key, object[key]]),
  );
}

/**
 * `docker ps --format`: the client parses the template as typed (`table` and all) and runs it on
 * an empty row before it asks the daemon; the error, if any, in the client's words.
 */
export function checkTemplate(
  format: string,
  emptyRow: Record<string, unknown>,
  typeName: string,
): string | undefined {
  const compiled = compileTemplate(format);
  if (typeof compiled !== 'function')
    return templateFailure(compiled, QUERY_MESSAGES.psTemplateParse);
  const result = compiled(emptyRow, { typeName });
  return typeof result === 'string'
    ? undefined
    : templateFailure(result, QUERY_MESSAGES.psTemplateExecute);
}
