/**
 * The quiz: choices are checked against the lesson's answers, short answers against facts read
 * from the learner's own sandbox at the moment they check. Every answer then shows why it is
 * right or wrong; all right marks the lesson's quiz as passed.
 */
import { answerMatches, factValue } from '../../sandbox/course/index.ts';
import { isSiteLanguage } from '../i18n/index.ts';
import { inlineNodes } from './goals.ts';
import { markProgress, readProgress } from './progress.ts';
import type { Workbench } from './store.ts';

export function mountQuiz(root: HTMLElement, workbench: Workbench): () => void {
  const { lesson, ui } = workbench;
  const language = isSiteLanguage(lesson.lang) ? lesson.lang : 'en';
  const form = root.querySelector<HTMLFormElement>('[data-testid="quiz-form"]');
  const button = root.querySelector<HTMLButtonElement>('[data-testid="quiz-check"]');
  const result = root.querySelector<HTMLElement>('[data-testid="quiz-result"]');
  const fieldsets = [...root.querySelectorAll<HTMLFieldSetElement>('[data-testid="question"]')];
  if (!form || !button || !result) return () => undefined;

  const showPassed = (): void => {
    root.dataset.passed = 'true';
    result.textContent = ui.quizPassed;
  };
  if (readProgress()[lesson.key]?.quiz) showPassed();

  const checkQuestion = (fieldset: HTMLFieldSetElement, index: number): boolean => {
    const question = lesson.quiz[index];
    const line = fieldset.querySelector<HTMLElement>('[data-testid="question-result"]');
    if (!question || !line) return false;
    let right: boolean;
    const notes: Node[] = [];

    if (question.kind === 'answer') {
      const input = fieldset.querySelector<HTMLInputElement>('[data-testid="answer-input"]');
      const fact = factValue(workbench.state(), question.fact, question.with, language);
      right = fact.known && answerMatches(question.fact, fact.value, input?.value ?? '');
      notes.push(
        ...inlineNodes(
          fact.known ? ui.quizYourSandbox(`\`${fact.value}\``) : ui.quizCannotCheck(fact.reason),
        ),
      );
      const why = fieldset.querySelector<HTMLElement>('[data-testid="question-why"]');
      if (why) why.hidden = false;
    } else {
      const chosen = new Set(
        [...fieldset.querySelectorAll<HTMLInputElement>('input:checked')].map((input) =>
          Number(input.value),
        ),
      );
      right = question.options.every(
        (option, optionIndex) => option.correct === chosen.has(optionIndex),
      );
      fieldset
        .querySelectorAll<HTMLElement>('[data-testid="option"]')
        .forEach((item, optionIndex) => {
          const option = question.options[optionIndex];
          if (!option) return;
          item.dataset.correct = option.correct ? 'true' : 'false';
          item.dataset.chosen = chosen.has(optionIndex) ? 'true' : 'false';
          const why = item.querySelector<HTMLElement>('[data-testid="option-why"]');
          if (why) why.hidden = false;
        });
    }

    fieldset.dataset.result = right ? 'right' : 'wrong';
    const verdict = document.createElement('strong');
    verdict.textContent = right ? ui.quizRight : ui.quizWrong;
    line.replaceChildren(
      verdict,
      ...(notes.length > 0 ? [document.createTextNode(' '), ...notes] : []),
    );
    line.hidden = false;

    return right;
  };

  const onSubmit = (event: SubmitEvent): void => {
    event.preventDefault();
    const rights = fieldsets.map(checkQuestion).filter(Boolean).length;
    if (rights === fieldsets.length) {
      markProgress(lesson.key, { quiz: true });
      showPassed();
    } else {
      root.dataset.passed = root.dataset.passed === 'true' ? 'true' : 'false';
      result.textContent = ui.quizScore(rights, fieldsets.length);
    }
    root.dataset.checked = String(Number(root.dataset.checked ?? '0') + 1);
  };
  form.addEventListener('submit', onSubmit);
  button.disabled = false;
  root.dataset.ready = 'true';

  return () => form.removeEventListener('submit', onSubmit);
}
