/**
 * Quiz facts: the right answer to a short-answer question, computed from the learner's own
 * sandbox, and the rule that decides whether what they typed says the same.
 */
import type { SandboxState } from '../api.ts';
import type { QuizFactName } from './catalog.ts';
import { findImage, portNumber, type ArgumentValues } from './goals.ts';
import { messagesFor, type Language } from './messages.ts';

export type FactValue = { known: true; value: string } | { known: false; reason: string };

export function factValue(
  state: SandboxState,
  fact: QuizFactName,
  args: ArgumentValues,
  language: Language,
): FactValue {
  const m = messagesFor(language);
  switch (fact) {
    case 'published-url': {
      const containerPort = portNumber(args.containerPort);
      for (const container of state.containers) {
        if (container.state !== 'running') continue;
        const binding = container.ports.find((port) => port.containerPort === containerPort);
        if (binding) return { known: true, value: `http://localhost:${binding.hostPort}` };
      }
      return { known: false, reason: m.factNoPublished({ containerPort }) };
    }
    case 'layers-added': {
      const ref = String(args.ref);
      const image = findImage(state, ref);
      if (!image) return { known: false, reason: m.factNoImage({ ref }) };
      return {
        known: true,
        value: String(image.layers.filter((layer) => !layer.inherited).length),
      };
    }
    case 'container-name': {
      const image = String(args.image);
      const wanted = findImage(state, image);
      // Containers come newest first.
      const container = state.containers.find(
        (candidate) =>
          candidate.image === image ||
          (wanted !== undefined && wanted.tags.includes(candidate.image)),
      );
      if (!container) return { known: false, reason: m.factNoContainer({ image }) };
      return { known: true, value: container.name };
    }
    case 'volume-mountpoint': {
      // Volumes come oldest first.
      const volume = state.volumes.filter((candidate) => candidate.anonymous).at(-1);
      if (!volume) return { known: false, reason: m.factNoVolume };
      return { known: true, value: volume.mountpoint };
    }
    case 'image-id-prefix': {
      const ref = String(args.ref);
      const image = findImage(state, ref);
      if (!image) return { known: false, reason: m.factNoImage({ ref }) };
      return { known: true, value: image.id.slice('sha256:'.length, 'sha256:'.length + 12) };
    }
  }
}

function normalizeUrl(text: string): string {
  return text
    .trim()
    .toLowerCase()
    .replace(/^https?:\/\//, '')
    .replace(/^(127\.0\.0\.1|0\.0\.0\.0|\[::1\])(?=:)/, 'localhost')
    .replace(/\/+$/, '');
}

/** Whether the learner's answer says the same as the fact's value. */
export function answerMatches(fact: QuizFactName, value: string, given: string): boolean {
  const answer = given
    .trim()
    .replace(/^`(.*)`$/, '$1')
    .trim();
  if (answer === '') return false;
  switch (fact) {
    case 'published-url':
      return normalizeUrl(answer) === normalizeUrl(value);
    case 'layers-added':
      return /^\d+$/.test(answer) && Number(answer) === Number(value);
    case 'container-name':
      return answer.replace(/^\//, '') === value;
    case 'volume-mountpoint':
      return answer.replace(/\/+$/, '') === value;
    case 'image-id-prefix': {
      const hex = answer.toLowerCase().replace(/^sha256:/, '');
      return /^[0-9a-f]{12,64}$/.test(hex) && hex.startsWith(value);
    }
  }
}
