/**
 * The `# check=` parser directive (which of BuildKit's build checks run) and the small recorder
 * every layer uses to report a check as a diagnostic, honouring that directive.
 */

import { wording } from './language.ts';
import { buildkitCheckDefinitions, instructionMessages } from './messages.ts';
import type { BuildkitCheckName } from './messages.ts';
import { parseGoBool } from './mount.ts';
import { trimGoSpace } from './text.ts';
import type { Diagnostic, SourceRange } from './types.ts';

export interface CheckConfig {
  skipAll: boolean;
  skip: Set<string>;
  experimentalAll: boolean;
  experimental: Set<string>;
  /** `error=true`: any reported check fails the build. */
  errorOnWarning: boolean;
}

export const defaultCheckConfig: CheckConfig = {
  skipAll: false,
  skip: new Set(),
  experimentalAll: false,
  experimental: new Set(),
  errorOnWarning: false,
};

/** Reads `skip=A,B;error=true;experimental=all`. */
export function parseCheckDirective(
  value: string | undefined,
): { ok: true; config: CheckConfig } | { ok: false; message: string } {
  const text = trimGoSpace(value ?? '');
  if (text === '') {
    return { ok: true, config: defaultCheckConfig };
  }
  const config: CheckConfig = {
    skipAll: false,
    skip: new Set(),
    experimentalAll: false,
    experimental: new Set(),
    errorOnWarning: false,
  };
  const parts = splitN(text, ';', 3);
  for (const part of parts) {
    const equals = part.indexOf('=');
    if (equals < 0) {
      return { ok: false, message: instructionMessages.invalidCheckOption(part) };
    }
    const key = trimGoSpace(part.slice(0, equals));
    const raw = trimGoSpace(part.slice(equals + 1));
    switch (key) {
      case 'skip':
      case 'experimental': {
        const all = raw === 'all';
        const names = all ? [] : raw.split(',').map(trimGoSpace);
        if (key === 'skip') {
          config.skipAll = all;
          config.skip = new Set(names);
        } else {
          config.experimentalAll = all;
          config.experimental = new Set(names);
        }
        break;
      }
      case 'error': {
        const flag = parseGoBool(raw);
        if (flag === undefined) {
          return { ok: false, message: instructionMessages.checkOptionBool(part, raw) };
        }
        config.errorOnWarning = flag;
        break;
      }
      default:
        return { ok: false, message: instructionMessages.invalidCheckOption(key) };
    }
  }
  return { ok: true, config };
}

function splitN(text: string, separator: string, count: number): string[] {
  const parts = text.split(separator);
  if (parts.length <= count) {
    return parts;
  }
  return [...parts.slice(0, count - 1), parts.slice(count - 1).join(separator)];
}

/** Collects BuildKit check results as diagnostics, dropping skipped and disabled rules. */
export class CheckRecorder {
  readonly diagnostics: Diagnostic[] = [];

  constructor(private readonly config: CheckConfig) {}

  enabled(rule: BuildkitCheckName): boolean {
    if (buildkitCheckDefinitions[rule].experimental) {
      return this.config.experimentalAll || this.config.experimental.has(rule);
    }
    return !(this.config.skipAll || this.config.skip.has(rule));
  }

  /** `hint` replaces the rule's general hint when the file's own values make a better one. */
  report(rule: BuildkitCheckName, range: SourceRange, message: string, hint?: string): void {
    if (!this.enabled(rule)) {
      return;
    }
    this.diagnostics.push({
      severity: 'warning',
      code: rule,
      message,
      hint: hint ?? wording().buildkitCheckHints[rule],
      range,
      url: buildkitCheckDefinitions[rule].url,
      source: 'buildkit',
    });
  }
}
