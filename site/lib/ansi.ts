/** ANSI escapes in what the terminal shows; no engine code, so the terminal loads without it. */

/** The text of a prompt or output line with its ANSI escapes removed. */
export function stripAnsi(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b\][^\x07]*(?:\x07|\x1b\\)/g, '');
}
