/**
 * `RUN --mount=…` values: one CSV record of `key=value` fields and bare keywords, checked with
 * BuildKit's rules and messages. BuildKit reads mounts twice: when the instruction is parsed
 * (only the CSV syntax and `from=$VAR` are checked then, because values may still hold
 * variables) and when the step runs (values expanded, everything checked). `parseRunMount`
 * does either, depending on whether it is given an expander.
 */

import { mountMessages } from './messages.ts';
import { suggestName } from './suggest.ts';
import { utf8Length } from './text.ts';
import type { RunMount } from './types.ts';

export type MountResult = { ok: true; mount: RunMount } | { ok: false; message: string };

/** Expands one mount value; return `{ ok: false }` with BuildKit's message to stop. */
export type MountExpander = (
  value: string,
) => { ok: true; value: string } | { ok: false; message: string };

const mountTypes = ['bind', 'cache', 'tmpfs', 'secret', 'ssh'] as const;
const mountKeys = [
  'type',
  'from',
  'source',
  'target',
  'readonly',
  'id',
  'sharing',
  'required',
  'size',
  'mode',
  'uid',
  'gid',
  'src',
  'dst',
  'destination',
  'ro',
  'rw',
  'readwrite',
  'env',
];

/**
 * Reads one mount. Without `expand` only the checks BuildKit makes at parse time run, and the
 * fields are filled from the text as written; with it, values are expanded and fully checked.
 */
export function parseRunMount(value: string, expand?: MountExpander): MountResult {
  const fields = readCsvRecord(value);
  if (!fields.ok) {
    return { ok: false, message: mountMessages.csv(fields.message) };
  }

  const mount: RunMount = { type: 'bind', options: {} };
  let readonlyAuto = true;
  let sharing: string | undefined;
  let mode: string | undefined;
  let uid: string | undefined;
  let gid: string | undefined;

  for (const field of fields.value) {
    const equals = field.indexOf('=');
    const key = (equals < 0 ? field : field.slice(0, equals)).toLowerCase();
    let fieldValue = equals < 0 ? '' : field.slice(equals + 1);

    if (equals < 0) {
      mount.options[key] = '';
      if (!expand) {
        fillLeniently(mount, key, '', false);
        continue;
      }
      if (key === 'readonly' || key === 'ro') {
        mount.readonly = true;
        readonlyAuto = false;
      } else if (key === 'readwrite' || key === 'rw') {
        mount.readonly = false;
        readonlyAuto = false;
      } else if (key === 'required') {
        if (mount.type !== 'secret' && mount.type !== 'ssh') {
          return fail(mountMessages.unexpectedKeyForType(key, mount.type));
        }
      } else {
        return fail(mountMessages.notKeyValue(field));
      }
      continue;
    }

    mount.options[key] = fieldValue;
    if (!expand) {
      if (key === 'from') {
        const dollar = fieldValue.indexOf('$');
        if (dollar !== -1 && dollar !== fieldValue.length - 1) {
          return fail(mountMessages.fromExpansion);
        }
      }
      fillLeniently(mount, key, fieldValue, true);
      continue;
    }
    const expanded = expand(fieldValue);
    if (!expanded.ok) {
      return expanded;
    }
    fieldValue = expanded.value;
    mount.options[key] = fieldValue;

    switch (key) {
      case 'type': {
        const type = fieldValue.toLowerCase();
        if (!isMountType(type)) {
          const suggestion = suggestName(fieldValue, mountTypes, true);
          const message = mountMessages.unsupportedType(fieldValue);
          return fail(suggestion ? `${message} (did you mean ${suggestion}?)` : message);
        }
        mount.type = type;
        break;
      }
      case 'from':
        mount.from = fieldValue;
        break;
      case 'source':
      case 'src':
        mount.source = fieldValue;
        break;
      case 'target':
      case 'dst':
      case 'destination':
        mount.target = fieldValue;
        break;
      case 'readonly':
      case 'ro':
      case 'readwrite':
      case 'rw': {
        const flag = parseGoBool(fieldValue);
        if (flag === undefined) {
          return fail(mountMessages.invalidBool(key, fieldValue));
        }
        mount.readonly = key === 'readonly' || key === 'ro' ? flag : !flag;
        readonlyAuto = false;
        break;
      }
      case 'required':
        if (mount.type !== 'secret' && mount.type !== 'ssh') {
          return fail(mountMessages.unexpectedKeyForType(key, mount.type));
        }
        if (parseGoBool(fieldValue) === undefined) {
          return fail(mountMessages.invalidBool(key, fieldValue));
        }
        break;
      case 'size':
        if (mount.type !== 'tmpfs') {
          return fail(mountMessages.unexpectedKeyForType(key, mount.type));
        }
        if (!/^[0-9]+(\.[0-9]+)?\s*([kmgtpKMGTP]i?[bB]?|[bB])?$/.test(fieldValue)) {
          return fail(mountMessages.invalidBool(key, fieldValue));
        }
        break;
      case 'id':
        mount.id = fieldValue;
        break;
      case 'sharing': {
        const lowered = fieldValue.toLowerCase();
        if (lowered !== 'shared' && lowered !== 'private' && lowered !== 'locked') {
          return fail(mountMessages.unsupportedSharing(fieldValue));
        }
        sharing = lowered;
        break;
      }
      case 'mode':
        if (!/^[0-7]+$/.test(fieldValue) || parseInt(fieldValue, 8) > 0xffffffff) {
          return fail(mountMessages.invalidNumber(fieldValue, key));
        }
        mode = fieldValue;
        break;
      case 'uid':
      case 'gid':
        if (!/^[0-9]+$/.test(fieldValue) || Number(fieldValue) > 0xffffffff) {
          return fail(mountMessages.invalidNumber(fieldValue, key));
        }
        if (key === 'uid') {
          uid = fieldValue;
        } else {
          gid = fieldValue;
        }
        break;
      case 'env':
        break;
      default: {
        const suggestion = suggestName(key, mountKeys, true);
        const message = mountMessages.unexpectedKey(key, field);
        return fail(suggestion ? `${message} (did you mean ${suggestion}?)` : message);
      }
    }
  }

  if (!expand) {
    return {
      ok: true,
      mount: withDefaultReadonly(mount, readonlyAuto && mount.readonly === undefined),
    };
  }

  const fileInfoAllowed = mount.type === 'secret' || mount.type === 'ssh' || mount.type === 'cache';
  if (!fileInfoAllowed) {
    for (const [key, given] of [
      ['mode', mode],
      ['uid', uid],
      ['gid', gid],
    ] as const) {
      if (given !== undefined) {
        return fail(mountMessages.notAllowedForType(key, mount.type));
      }
    }
  }
  withDefaultReadonly(mount, readonlyAuto);
  if (sharing !== undefined && mount.type !== 'cache') {
    return fail(mountMessages.sharingOnNonCache(mount.type));
  }
  if (mount.type === 'secret') {
    if (mount.from) {
      return fail(mountMessages.secretWithFrom);
    }
    if (sharing !== undefined) {
      return fail(mountMessages.secretWithSharing);
    }
    if (!mount.source && !mount.target && !mount.id) {
      return fail(mountMessages.secretWithoutTarget);
    }
    if (mount.source && mount.id) {
      return fail(mountMessages.secretSourceAndId);
    }
  }
  return { ok: true, mount };
}

function fail(message: string): MountResult {
  return { ok: false, message };
}

function isMountType(value: string): value is RunMount['type'] {
  return (mountTypes as readonly string[]).includes(value);
}

function withDefaultReadonly(mount: RunMount, auto: boolean): RunMount {
  if (auto) {
    mount.readonly = !(mount.type === 'cache' || mount.type === 'tmpfs');
  }
  return mount;
}

/** Fills typed fields from unexpanded text without judging it (parse-time reading). */
function fillLeniently(mount: RunMount, key: string, value: string, hasValue: boolean): void {
  switch (key) {
    case 'type': {
      const type = value.toLowerCase();
      if (isMountType(type)) {
        mount.type = type;
      }
      return;
    }
    case 'from':
      mount.from = value;
      return;
    case 'source':
    case 'src':
      mount.source = value;
      return;
    case 'target':
    case 'dst':
    case 'destination':
      mount.target = value;
      return;
    case 'id':
      mount.id = value;
      return;
    case 'readonly':
    case 'ro':
    case 'readwrite':
    case 'rw': {
      const flag = hasValue ? parseGoBool(value) : true;
      if (flag !== undefined) {
        mount.readonly = key === 'readonly' || key === 'ro' ? flag : !flag;
      }
      return;
    }
    default:
      return;
  }
}

/** Go's `strconv.ParseBool`. */
export function parseGoBool(value: string): boolean | undefined {
  switch (value) {
    case '1':
    case 't':
    case 'T':
    case 'true':
    case 'TRUE':
    case 'True':
      return true;
    case '0':
    case 'f':
    case 'F':
    case 'false':
    case 'FALSE':
    case 'False':
      return false;
    default:
      return undefined;
  }
}

/**
 * One record of Go's `encoding/csv` reader with default settings (comma separator, strict
 * quotes), with its error texts. Columns count UTF-8 bytes from 1, as Go's do.
 */
export function readCsvRecord(
  text: string,
): { ok: true; value: string[] } | { ok: false; message: string } {
  const line = text.replace(/\r\n/g, '\n').replace(/\r$/, '');
  if (line === '' || line === '\n') {
    return { ok: false, message: 'EOF' };
  }
  const fields: string[] = [];
  let pos = 0;
  for (;;) {
    if (line[pos] !== '"') {
      const comma = line.indexOf(',', pos);
      const end = comma < 0 ? lineContentEnd(line) : comma;
      const field = line.slice(pos, end);
      const quote = field.indexOf('"');
      if (quote >= 0) {
        const column = utf8Length(line.slice(0, pos + quote)) + 1;
        return csvError(column, mountMessages.csvBareQuote);
      }
      fields.push(field);
      if (comma < 0) {
        return { ok: true, value: fields };
      }
      pos = comma + 1;
      continue;
    }
    let field = '';
    pos++;
    for (;;) {
      const quote = line.indexOf('"', pos);
      if (quote < 0) {
        return csvError(utf8Length(line) + 1, mountMessages.csvQuote);
      }
      field += line.slice(pos, quote);
      pos = quote + 1;
      const after = line[pos];
      if (after === '"') {
        field += '"';
        pos++;
      } else if (after === ',') {
        fields.push(field);
        pos++;
        break;
      } else if (after === undefined || (after === '\n' && pos === line.length - 1)) {
        fields.push(field);
        return { ok: true, value: fields };
      } else {
        return csvError(utf8Length(line.slice(0, pos - 1)) + 1, mountMessages.csvQuote);
      }
    }
  }
}

function lineContentEnd(line: string): number {
  return line.endsWith('\n') ? line.length - 1 : line.length;
}

function csvError(column: number, detail: string): { ok: false; message: string } {
  return { ok: false, message: mountMessages.csvPosition(column, detail) };
}
