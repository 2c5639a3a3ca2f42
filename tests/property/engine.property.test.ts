/**
 * Seeded random sequences of docker commands against one engine. After every command: no host
 * port is held twice and every running container holds the ports `docker port` shows, no volume a
 * container mounts has gone, `docker ps` lists exactly the containers `docker inspect` calls
 * running, and nothing the learner typed made the simulation fail.
 */
import { describe, expect, it } from 'vitest';
import { createHostFs, PROJECT } from '../../sandbox/cli/host.ts';
import { HostSession } from '../../sandbox/cli/session.ts';
import { Engine } from '../../sandbox/runtime/engine.ts';
import { fakeEnvironment } from '../../sandbox/testing.ts';

const SEQUENCES = 200;
const STEPS = 12;

const DOCKERFILE = `FROM alpine
RUN mkdir -p /data && echo seeded > /data/seed.txt
VOLUME /data
EXPOSE 80
CMD ["sleep", "3600"]
`;

/** A small generator of our own, so a failing sequence can be replayed from its seed. */
function generator(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 4294967296;
  };
}

const NAMES = ['web', 'db', 'cache', 'job'];
const VOLUMES = ['data', 'logs'];

function randomCommand(random: () => number): string {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)]!;
  const name = pick(NAMES);
  const port = 8000 + Math.floor(random() * 3);
  switch (Math.floor(random() * 16)) {
    case 0:
    case 1:
      return `docker run -d --name ${name} -p ${port}:80 app`;
    case 2:
      return `docker run -d --name ${name} -p 80 -v ${pick(VOLUMES)}:/data app`;
    case 3:
      return `docker run -d -P app`;
    case 4:
      return `docker run --rm app echo done`;
    case 5:
      return `docker stop -t 1 ${name}`;
    case 6:
      return `docker start ${name}`;
    case 7:
      return `docker rm ${name}`;
    case 8:
      return `docker rm -f -v ${name}`;
    case 9:
      return `docker kill ${name}`;
    case 10:
      return `docker restart -t 0 ${name}`;
    case 11:
      return `docker volume rm ${random() < 0.5 ? '-f ' : ''}${pick(VOLUMES)}`;
    case 12:
      return `docker volume prune -f${random() < 0.5 ? ' -a' : ''}`;
    case 13:
      return `docker exec ${name} ls /data`;
    case 14:
      return `docker create --name ${name} --volumes-from ${pick(NAMES)} app`;
    default:
      return `docker volume create ${pick(VOLUMES)}`;
  }
}

async function runSequence(seed: number): Promise<string[]> {
  const environment = fakeEnvironment(seed);
  const host = createHostFs({ Dockerfile: DOCKERFILE }, environment.now());
  const engine = new Engine(host, environment);
  const session = new HostSession(engine, host, environment, PROJECT);
  const run = async (line: string) => {
    let output = '';
    const status = await session.run(line, {
      tty: false,
      columns: 80,
      write: (text) => (output += text),
    });
    return { status, output };
  };
  const problems: string[] = [];
  expect((await run('docker build -q -t app .')).status).toBe(0);
  const random = generator(seed);
  const history: string[] = [];
  for (let step = 0; step < STEPS; step++) {
    const command = randomCommand(random);
    history.push(command);
    const { output } = await run(command);
    const where = `seed ${seed}: ${history.join(' ; ')}`;
    if (/dockyard: the simulation (could not run|stopped)/.test(output)) {
      problems.push(`${where}\n  failed inside: ${output}`);
    }

    // No host port is held twice, and a running container holds every port it shows.
    const held = engine.network.bindings();
    const keys = held.map(({ binding }) => `${binding.protocol}/${binding.hostPort}`);
    if (new Set(keys).size !== keys.length) problems.push(`${where}\n  port held twice: ${keys}`);
    for (const container of engine.containers.values()) {
      if (container.state !== 'running') continue;
      for (const binding of container.ports) {
        const holder = engine.network.holder(binding.hostPort, binding.protocol);
        if (holder !== container.id) {
          problems.push(
            `${where}\n  ${container.name} shows ${binding.hostPort} held by ${holder}`,
          );
        }
      }
    }
    for (const { containerId } of held) {
      if (engine.containers.get(containerId)?.state !== 'running') {
        problems.push(`${where}\n  a port is held by ${containerId}, which is not running`);
      }
    }

    // No volume a container mounts has been removed.
    for (const container of engine.containers.values()) {
      for (const mount of container.mounts) {
        if (mount.type === 'volume' && !engine.volumes.has(mount.name!)) {
          problems.push(`${where}\n  ${container.name} lost volume ${mount.name}`);
        }
      }
    }

    // `docker ps` and `docker inspect` agree.
    const listed = (await run('docker ps -q --no-trunc')).output.split('\n').filter(Boolean);
    const all = (await run('docker ps -a -q --no-trunc')).output.split('\n').filter(Boolean);
    const states =
      all.length === 0
        ? []
        : (await run(`docker inspect -f '{{.Id}} {{.State.Running}}' ${all.join(' ')}`)).output
            .split('\n')
            .filter(Boolean);
    const running = states
      .filter((line) => line.endsWith(' true'))
      .map((line) => line.split(' ')[0]);
    if ([...listed].sort().join() !== [...running].sort().join()) {
      problems.push(`${where}\n  ps: ${listed}\n  inspect: ${states}`);
    }
    if ([...all].sort().join() !== [...engine.containers.keys()].sort().join()) {
      problems.push(
        `${where}\n  ps -a lists ${all.length}, the engine has ${engine.containers.size}`,
      );
    }
  }
  for (const container of engine.containers.values())
    container.process?.controller.abort('SIGKILL');
  return problems;
}

describe('engine under random docker commands', () => {
  it(`keeps its invariants over ${SEQUENCES} seeded sequences of ${STEPS} commands`, async () => {
    const problems: string[] = [];
    for (let seed = 1; seed <= SEQUENCES; seed++) {
      problems.push(...(await runSequence(seed)));
      if (problems.length > 5) break;
    }
    expect(problems).toEqual([]);
  }, 120_000);
});
