/** Which real-server addresses the preview opens, and which fallback sentence it shows. */
import { describe, expect, it } from 'vitest';
import type { ContainerView, SandboxState } from '../../sandbox/api.ts';
import { currentFallback, liveAddress } from './preview.ts';

const page = 'http://127.0.0.1:4321';

describe('liveAddress', () => {
  it('opens a WebContainer server on its own origin, with its path and query', () => {
    const url = 'https://abc123-8080.local-credentialless.webcontainer-api.io/docs/?q=1';
    expect(liveAddress(url, page)).toBe(url);
    expect(liveAddress('http://localhost:3000/', page)).toBe('http://localhost:3000/');
  });

  it('never opens this page’s own origin, another scheme, or no address', () => {
    expect(liveAddress(`${page}/en/`, page)).toBeUndefined();
    expect(liveAddress('javascript:alert(1)', page)).toBeUndefined();
    expect(liveAddress('data:text/html,<p>x</p>', page)).toBeUndefined();
    expect(liveAddress('not a url', page)).toBeUndefined();
    expect(liveAddress(undefined, page)).toBeUndefined();
  });
});

function container(
  name: string,
  id: string,
  state: ContainerView['state'],
  hostPort = 8888,
): ContainerView {
  return { name, id, state, ports: [{ hostPort }] } as ContainerView;
}

function stateWith(...containers: ContainerView[]): SandboxState {
  return { images: [], containers, volumes: [], files: {} };
}

describe('currentFallback', () => {
  const webId = 'a1b2c3d4e5f6'.padEnd(64, '0');
  const apiId = 'f6e5d4c3b2a1'.padEnd(64, '0');

  it('names the container by its short id (its HOSTNAME) or its name', () => {
    const state = stateWith(container('web', webId, 'running'));
    expect(currentFallback([{ container: 'a1b2c3d4e5f6', sentence: 'Why.' }], state)).toEqual({
      name: 'web',
      sentence: 'Why.',
    });
    expect(currentFallback([{ container: 'web', sentence: 'Why.' }], state)?.name).toBe('web');
  });

  it('shows the latest one whose container still runs', () => {
    const fallbacks = [
      { container: 'a1b2c3d4e5f6', sentence: 'First.' },
      { container: 'f6e5d4c3b2a1', sentence: 'Second.' },
    ];
    expect(
      currentFallback(
        fallbacks,
        stateWith(container('web', webId, 'running'), container('api', apiId, 'running')),
      ),
    ).toEqual({ name: 'api', sentence: 'Second.' });
    expect(
      currentFallback(
        fallbacks,
        stateWith(container('web', webId, 'running'), container('api', apiId, 'exited')),
      ),
    ).toEqual({ name: 'web', sentence: 'First.' });
    expect(
      currentFallback(fallbacks, stateWith(container('api', apiId, 'exited'))),
    ).toBeUndefined();
    expect(currentFallback([], stateWith(container('web', webId, 'running')))).toBeUndefined();
  });

  it('given the previewed host port, shows only the fallback of the container publishing it', () => {
    const fallbacks = [{ container: 'f6e5d4c3b2a1', sentence: 'Why api.' }];
    const state = stateWith(
      container('web', webId, 'running', 8888),
      container('api', apiId, 'running', 8889),
    );
    expect(currentFallback(fallbacks, state, 8888)).toBeUndefined();
    expect(currentFallback(fallbacks, state, 8889)).toEqual({ name: 'api', sentence: 'Why api.' });
  });

  it('matches no container for an empty name', () => {
    expect(
      currentFallback(
        [{ container: '', sentence: 'Why.' }],
        stateWith(container('web', webId, 'running')),
      ),
    ).toBeUndefined();
  });
});
