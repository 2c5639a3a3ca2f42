// @ts-check
/**
 * Monaco's style sheets travel with the editor's code. Monaco imports a CSS file from each of its
 * modules; left to Vite and Astro, all of them end up in one style sheet linked from the head of
 * every page that can load the editor (175 KB the browser must parse before any script runs).
 * This Vite plugin turns each of those imports into a small module that adds the sheet's text as
 * a `<style>` element when the editor's code runs, in import order and ahead of the page's own
 * style sheets, so the page's rules win where they override Monaco's. It looks at the resolved
 * file, not at the importer, so it applies in `astro dev` too, where Vite has bundled Monaco's
 * modules into its dependency cache.
 */

const suffix = '.monaco-style.js';
const helper = 'virtual:dockyard-monaco-style';

/** @returns {import('vite').Plugin} */
export function monacoStylesWithEditor() {
  return {
    name: 'dockyard:monaco-styles-with-editor',
    enforce: 'pre',
    async resolveId(source, importer, options) {
      if (source === helper) return `\0${helper}`;
      if (!/\.css$/.test(source)) return null;
      const resolved = await this.resolve(source, importer, { ...options, skipSelf: true });
      if (!resolved?.id.includes('/node_modules/monaco-editor/')) return null;

      return `\0${resolved.id}${suffix}`;
    },
    load(id) {
      if (id === `\0${helper}`) {
        return [
          "/** Adds one of Monaco's style sheets before the page's own. */",
          'export function addMonacoStyle(css) {',
          "  const style = document.createElement('style');",
          "  style.dataset.monaco = '';",
          '  style.textContent = css;',
          '  const page = document.head.querySelector(',
          `    'link[rel="stylesheet"], style:not([data-monaco])',`,
          '  );',
          '  document.head.insertBefore(style, page);',
          '}',
        ].join('\n');
      }
      if (!id.startsWith('\0') || !id.endsWith(suffix)) return null;
      const file = id.slice(1, -suffix.length);

      return [
        `import css from ${JSON.stringify(`${file}?inline`)};`,
        `import { addMonacoStyle } from ${JSON.stringify(helper)};`,
        'addMonacoStyle(css);',
      ].join('\n');
    },
  };
}
