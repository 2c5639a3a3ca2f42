/**
 * The runtime's own sentences (Dockyard's, not Docker's): why a container started with
 * `--runtime=webcontainer` runs as the simulation instead. Each is one plain sentence; the
 * container's log shows it after `dockyard: ` and the page shows it beside the preview.
 */
export const RUNTIME_MESSAGES = {
  /** The page said why it cannot run a WebContainer (not cross-origin isolated, ...). */
  unavailable: (reason: string) =>
    `${reason.replace(/[.\s]+$/, '')}, so this container runs in the simulation instead.`,
  bootTimeout: (seconds: number) =>
    `The WebContainer did not start within ${seconds} s (it needs StackBlitz's servers, so it cannot start offline), so this container runs in the simulation instead.`,
  bootTimedOutBefore:
    'The WebContainer did not start earlier on this page, so this container runs in the simulation instead.',
  failed: (step: string, message: string) =>
    `The WebContainer could not ${step} (${message}), so this container runs in the simulation instead.`,
  notNode: (program: string) =>
    `Only Node programs (node, npm, npx and the programs of npm packages) run for real, and this container starts ${program}, so it runs in the simulation instead.`,
  /** Why a step failed: it did not finish within its time limit. */
  noAnswer: (seconds: number) => `no answer within ${seconds} s`,
  /** Why an install failed: `npm install --prefix ... exited with status 1`. */
  npmStatus: (args: readonly string[], status: number) =>
    `npm ${args.join(' ')} exited with status ${status}`,
  /** The WebContainer reported a problem while the container ran. */
  reported: (message: string) => `the WebContainer reported an error: ${message}`,
  /** The simulated answer on a port only the real server serves. */
  realOnly: (url: string) =>
    `This port is served by the container's real process, which the simulation does not model; open ${url} to see its answer.`,
  /** The steps `failed` names. */
  steps: {
    boot: 'start',
    mount: "receive the container's files",
    install: "install the image's npm packages",
    spawn: "start the container's command",
  },
};
