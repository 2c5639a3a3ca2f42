import type { CliContext } from './docker.ts';
import { CHANGE_MESSAGES } from './messages.ts';

/**
 * The client's `[y/N]` question (`docker image prune`): asked on standard output without a
 * newline; only `y` or `Y` goes ahead. With no input to read (end of input) the answer is no, the
 * command stops, and the line is left as the client leaves it.
 */
export async function confirm(context: CliContext, question: string): Promise<boolean> {
  context.terminal.out(CHANGE_MESSAGES.confirm(question));
  const answer = await context.readLine?.();
  if (answer === undefined) return false;
  return answer.trim().toLowerCase() === 'y';
}
