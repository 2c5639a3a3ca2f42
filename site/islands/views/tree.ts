/** A file tree as nested disclosure lists; folders render their children when first opened. */
import type { TreeNode } from '../../../sandbox/views/layers.ts';
import { formatSize } from '../../lib/format.ts';
import { h } from '../../lib/dom.ts';
import type { Workbench } from '../store.ts';

type Text = Workbench['ui']['views'];

const CHANGE_MARK = { added: '+', changed: '~', removed: '−' } as const;

function label(node: TreeNode): HTMLElement {
  return h(
    'span',
    { class: `tree-label${node.change ? ` change-${node.change}` : ''}` },
    node.change ? h('span', { class: 'tree-change' }, CHANGE_MARK[node.change]) : null,
    h('span', { class: 'tree-name' }, node.kind === 'dir' ? `${node.name}/` : node.name),
    h(
      'span',
      { class: 'tree-size' },
      node.kind === 'dir' ? formatSize(node.total) : formatSize(node.size),
    ),
  );
}

function renderNode(node: TreeNode, text: Text, open: boolean): HTMLElement {
  if (node.kind !== 'dir' || node.children.length === 0) {
    return h('li', { 'data-testid': 'tree-entry', 'data-path': node.path }, label(node));
  }
  const details = h(
    'details',
    { 'data-path': node.path },
    h('summary', { 'data-testid': 'tree-entry' }, label(node)),
  );
  const fill = () => {
    if (details.childElementCount > 1) return;
    // A folder with one folder inside opens it too, down to where the files are.
    const only = node.children.length === 1 && node.children[0]!.kind === 'dir';
    details.append(
      h(
        'ul',
        { class: 'tree' },
        node.children.map((child) => renderNode(child, text, only)),
      ),
    );
  };
  if (open) {
    details.open = true;
    fill();
  }
  details.addEventListener('toggle', () => details.open && fill());
  return h('li', {}, details);
}

/** The tree's top level; `collapsed` leaves every folder closed (a whole image is large). */
export function renderTree(root: TreeNode, text: Text, collapsed: boolean): HTMLElement {
  if (root.children.length === 0) return h('p', { class: 'muted' }, text.emptyFolder);
  // A layer's changes usually sit a few folders deep: open the single-child chain down to them.
  const openChain = (node: TreeNode): boolean => !collapsed && node.children.length <= 3;
  return h(
    'ul',
    { class: 'tree', 'data-testid': 'tree' },
    root.children.map((child) => renderNode(child, text, openChain(root))),
  );
}
