/**
 * Whether a string is a valid image reference in Docker's grammar (`name[:tag][@digest]`), the
 * test BuildKit's InvalidDefaultArgInFrom check applies. Only validity is computed here; the
 * image folder owns the full reference model.
 */

const alnum = '[a-z0-9]+';
const separator = '(?:[._]|__|[-]+)';
const pathComponent = `${alnum}(?:${separator}${alnum})*`;
const domainComponent = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const host = `(?:${domainComponent}(?:\\.${domainComponent})*|\\[[a-fA-F0-9:]+\\])`;
const domain = `${host}(?::[0-9]+)?`;
const tag = '[\\w][\\w.-]{0,127}';
const digest = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const referencePattern = new RegExp(
  `^((?:${domain}/)?${pathComponent}(?:/${pathComponent})*)(?::${tag})?(?:@${digest})?$`,
);

export function isValidImageReference(text: string): boolean {
  const match = referencePattern.exec(text);
  if (match === null) {
    return false;
  }
  const name = match[1]!;
  if (name.length > 255 || /^[a-f0-9]{64}$/.test(name)) {
    return false;
  }
  const slash = name.indexOf('/');
  const first = slash < 0 ? name : name.slice(0, slash);
  const firstIsDomain =
    slash >= 0 && (/[.:]/.test(first) || first === 'localhost' || first !== first.toLowerCase());
  const path = firstIsDomain ? name.slice(slash + 1) : name;
  return path === path.toLowerCase();
}
