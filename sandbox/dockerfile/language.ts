/**
 * The language of Dockyard's own sentences: beginner-check messages and the hints added to
 * BuildKit's checks and errors. BuildKit's messages are not part of it; they stay in Docker's
 * English. Lint switches the wording for the length of one synchronous call (`inLanguage`), and
 * the places that write a hint or a beginner check read it through `wording()`.
 */

import {
  buildkitCheckHints,
  buildkitCheckValueHints,
  dockyardChecks,
  errorHints,
} from './messages.ts';
import type { BuildkitCheckName, DockyardCheckCode } from './messages.ts';
import { zhWording } from './messages-zh.ts';

export type Language = 'en' | 'zh';

/** Everything that changes with the language; a catalog missing a key does not compile. */
export interface Wording {
  readonly errorHints: Readonly<Record<keyof typeof errorHints, string>> &
    Partial<Record<string, string>>;
  readonly buildkitCheckValueHints: {
    readonly [K in keyof typeof buildkitCheckValueHints]: (typeof buildkitCheckValueHints)[K];
  };
  readonly buildkitCheckHints: Readonly<Record<BuildkitCheckName, string>>;
  readonly dockyardChecks: {
    readonly [C in DockyardCheckCode]: {
      readonly message: (typeof dockyardChecks)[C]['message'];
      readonly hint: (typeof dockyardChecks)[C]['hint'];
    };
  };
}

export const enWording: Wording = {
  errorHints,
  buildkitCheckValueHints,
  buildkitCheckHints,
  dockyardChecks,
};

const wordings: Record<Language, Wording> = { en: enWording, zh: zhWording };

let current: Wording = enWording;

/** The wording of the lint call in progress (English outside one). */
export function wording(): Wording {
  return current;
}

/** Runs `work` with Dockyard's sentences in `language`, then restores the previous wording. */
export function inLanguage<T>(language: Language, work: () => T): T {
  const previous = current;
  current = wordings[language];
  try {
    return work();
  } finally {
    current = previous;
  }
}
