import type { CliContext } from './docker.ts';
import { CHANGE_MESSAGES } from './messages.ts';

/**
 * The client's `[y/N]` question (`docker image prune`): the warning lines, then the question on
 * standard output without a newline; only `y` or `Y` goes ahead. With no input to read (end of
 * input, or Ctrl+C at the question) the answer is no, the command stops, and the line is left as
 * the client leaves it.
 */
export async function confirm(context: CliContext, question: string): Promise<boolean> {
  const text = CHANGE_MESSAGES.confirm(question);
  const lastLine = text.lastIndexOf('\n') + 1;
  context.terminal.out(text.slice(0, lastLine));
  if (!context.ask) {
    context.terminal.out(text.slice(lastLine));
    return false;
  }
  const answer = await context.ask(text.slice(lastLine));
  if (answer === undefined) return false;
  return answer.trim().toLowerCase() === 'y';
}
