/**
 * The one place the site reaches the engine. Everything else in `site/` imports the sandbox's
 * types from `sandbox/api.ts` and gets a live sandbox through the workbench store.
 */
export {
  createSandbox,
  humanSize,
  restoreSandbox,
  webContainerRuntime,
} from '../../sandbox/index.ts';
