import { resolvePath } from '../fs/index.ts';
import type { MountRequest } from '../runtime/engine.ts';

/**
 * `--mount` as the Docker client reads it before asking the daemon: one CSV record of fields,
 * each `key=value` (keys in any case) or one of the bare switches `readonly`, `ro`,
 * `volume-nocopy` and `bind-nonrecursive`. The client checks each option's value and that
 * `volume-*`, `bind-*`, `tmpfs-*` and `image-*` options go with their own type; the daemon
 * decides the rest (an unknown type, a missing source). Returns the request, or the client's
 * words for what is wrong.
 */
export function parseMountOption(value: string, cwd: string): MountRequest | string {
  const fields = readCsvRecord(value);
  if (typeof fields === 'string') return fields;
  const mount: MountRequest = { type: 'volume', source: '', target: '', readonly: false };
  const families = new Set<'volume' | 'bind' | 'tmpfs' | 'image'>();
  let recursive = '';

  for (const field of fields) {
    const eq = field.indexOf('=');
    const key = (eq >= 0 ? field.slice(0, eq) : field).toLowerCase();
    if (eq < 0) {
      if (key === 'readonly' || key === 'ro') mount.readonly = true;
      else if (key === 'volume-nocopy') families.add('volume');
      else if (key === 'bind-nonrecursive') families.add('bind');
      else return `invalid field '${field}' must be a key=value pair`;
      continue;
    }
    const text = field.slice(eq + 1);
    const invalid = `invalid value for ${key}: ${text}`;
    switch (key) {
      case 'type':
        mount.type = text.toLowerCase();
        break;
      case 'source':
      case 'src':
        // Like `-v ./dir`, a source that starts with `.` is taken from the current folder.
        mount.source = text.startsWith('.') ? resolvePath(cwd, text) : text;
        break;
      case 'target':
      case 'dst':
      case 'destination':
        mount.target = text;
        break;
      case 'readonly':
      case 'ro': {
        const flag = parseGoBool(text);
        if (flag === undefined) return invalid;
        mount.readonly = flag;
        break;
      }
      case 'consistency':
        break;
      case 'bind-propagation':
        families.add('bind');
        break;
      case 'bind-nonrecursive':
        if (parseGoBool(text) === undefined) return invalid;
        families.add('bind');
        break;
      case 'bind-recursive':
        if (!['enabled', 'disabled', 'writable', 'readonly'].includes(text)) {
          return `${invalid} (must be "enabled", "disabled", "writable", or "readonly")`;
        }
        recursive = text;
        families.add('bind');
        break;
      case 'volume-nocopy':
        if (parseGoBool(text) === undefined) return invalid;
        families.add('volume');
        break;
      case 'volume-subpath':
      case 'volume-driver':
      case 'volume-label':
      case 'volume-opt':
        families.add('volume');
        break;
      case 'image-subpath':
        families.add('image');
        break;
      case 'tmpfs-size':
        if (!/^\d+(\.\d+)* ?[kKmMgGtTpP]?[iI]?[bB]?$/.test(text)) return invalid;
        families.add('tmpfs');
        break;
      case 'tmpfs-mode':
        if (!/^[0-7]+$/.test(text) || Number.parseInt(text, 8) > 0xffffffff) return invalid;
        families.add('tmpfs');
        break;
      default:
        return `unexpected key '${key}' in '${field}'`;
    }
  }

  if (mount.type === '') return 'type is required';
  if (mount.target === '') return 'target is required';
  for (const family of ['volume', 'image', 'bind', 'tmpfs'] as const) {
    if (families.has(family) && mount.type !== family) {
      return `cannot mix '${family}-*' options with mount type '${mount.type}'`;
    }
  }
  if ((recursive === 'writable' || recursive === 'readonly') && !mount.readonly) {
    return `option 'bind-recursive=${recursive}' requires 'readonly' to be specified in conjunction`;
  }

  return mount;
}

/** Go's `strconv.ParseBool`. */
function parseGoBool(text: string): boolean | undefined {
  if (['1', 't', 'T', 'TRUE', 'true', 'True'].includes(text)) return true;
  if (['0', 'f', 'F', 'FALSE', 'false', 'False'].includes(text)) return false;
  return undefined;
}

/**
 * The first record of Go's `encoding/csv` reader: fields split at commas, a field that starts
 * with `"` runs to its closing quote (`""` inside is one quote). Errors in the reader's words,
 * with 1-based columns; empty input is `EOF`.
 */
function readCsvRecord(text: string): string[] | string {
  const line = text.split(/\r?\n/)[0] ?? '';
  if (text === '') return 'EOF';
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] !== '"') {
      const comma = line.indexOf(',', i);
      const field = comma < 0 ? line.slice(i) : line.slice(i, comma);
      const quote = field.indexOf('"');
      if (quote >= 0) {
        return `parse error on line 1, column ${i + quote + 1}: bare " in non-quoted-field`;
      }
      fields.push(field);
      if (comma < 0) return fields;
      i = comma + 1;
      continue;
    }
    let field = '';
    i++;
    for (;;) {
      const quote = line.indexOf('"', i);
      if (quote < 0) {
        return `parse error on line 1, column ${line.length + 1}: extraneous or missing " in quoted-field`;
      }
      field += line.slice(i, quote);
      const next = line[quote + 1];
      if (next === '"') {
        field += '"';
        i = quote + 2;
      } else if (next === ',' || next === undefined) {
        i = quote + 1;
        break;
      } else {
        return `parse error on line 1, column ${quote + 1}: extraneous or missing " in quoted-field`;
      }
    }
    fields.push(field);
    if (i >= line.length) return fields;
    i++;
  }
}
