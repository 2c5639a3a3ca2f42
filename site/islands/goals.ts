/**
 * The goals panel: every goal checked against the sandbox's state shortly after each change
 * (never against what was typed), each unmet one with the engine's sentence on what is missing.
 * When all are met the lesson's progress says so.
 */
import { GoalChecker, type GoalResult } from '../../sandbox/course/index.ts';
import { isSiteLanguage } from '../i18n/index.ts';
import { inlineParts } from '../lib/inline.ts';
import { markProgress } from './progress.ts';
import type { Workbench } from './store.ts';

const checkDelay = 120;

/** Text with code spans, as DOM nodes (never parsed as markup). */
export function inlineNodes(text: string): Node[] {
  return inlineParts(text).map((part) => {
    if (!part.code) return document.createTextNode(part.text);
    const code = document.createElement('code');
    code.textContent = part.text;
    return code;
  });
}

export function mountGoals(root: HTMLElement, workbench: Workbench): () => void {
  const { lesson, ui } = workbench;
  const language = isSiteLanguage(lesson.lang) ? lesson.lang : 'en';
  const items = [...root.querySelectorAll<HTMLElement>('[data-testid="goal"]')];
  const summary = root.querySelector<HTMLElement>('[data-testid="goals-summary"]');
  let checker = new GoalChecker(workbench.sandbox());
  let timer: ReturnType<typeof setTimeout> | undefined;

  const show = (results: GoalResult[]): void => {
    results.forEach((result, index) => {
      const item = items[index];
      if (!item) return;
      item.dataset.met = result.met ? 'true' : 'false';
      const state = item.querySelector<HTMLElement>('[data-testid="goal-state"]');
      if (state) state.textContent = result.met ? ui.goalMet : ui.goalUnmet;
      const reason = item.querySelector<HTMLElement>('[data-testid="goal-reason"]');
      if (reason)
        reason.replaceChildren(
          ...(result.met ? [] : inlineNodes(asSentence(result.reason, language))),
        );
    });
    const met = results.filter((result) => result.met).length;
    const all = met === results.length;
    root.dataset.allMet = all ? 'true' : 'false';
    if (summary) summary.textContent = all ? ui.goalsAllMet : ui.goalsProgress(met, results.length);
    if (all) markProgress(lesson.key, { goals: true });
  };
  const check = (): void => {
    timer = undefined;
    show(checker.checkAll(lesson.goals, language));
  };
  const checkSoon = (): void => {
    if (timer === undefined) timer = setTimeout(check, checkDelay);
  };

  const unsubscribe = workbench.subscribe((_state, cause) => {
    if (cause === 'replace') checker = new GoalChecker(workbench.sandbox());
    checkSoon();
  });
  check();
  root.dataset.ready = 'true';

  return () => {
    unsubscribe();
    if (timer !== undefined) clearTimeout(timer);
  };
}

/**
 * A goal's reason as a sentence: a Chinese one ends with `。`; an English one starts with a
 * capital when it starts with a plain word (not `http://…` or a command) and ends with a full stop.
 */
export function asSentence(reason: string, language: 'en' | 'zh'): string {
  if (language === 'zh') return /[。！？.]$/.test(reason) ? reason : `${reason}。`;
  const start = /^[a-z]+(?=[\s,;]|$)/.test(reason)
    ? reason.charAt(0).toUpperCase() + reason.slice(1)
    : reason;
  return /[.!?]$/.test(start) ? start : `${start}.`;
}
