import { parseGoBool, readCsvRecord } from '../dockerfile/mount.ts';
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
  const record = readCsvRecord(value);
  if (!record.ok) return record.message;
  const fields = record.value;
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
