/**
 * ps, images, history, tag, inspect, prune, system df, version and info: Docker's tables, filters,
 * Go-template formats and messages, on a pinned clock.
 */
import { beforeEach, describe, expect, it } from 'vitest';
import type { Sandbox } from '../api.ts';
import { createSandbox } from '../index.ts';
import { fakeEnvironment, runLine } from '../testing.ts';

const DOCKERFILE = `FROM alpine
EXPOSE 8080
LABEL app=demo
VOLUME /data
CMD ["sleep", "3600"]
`;

let sandbox: Sandbox;
const docker = (args: string) => runLine(sandbox, `docker ${args}`);
const out = async (args: string) => (await docker(args)).output;

beforeEach(async () => {
  sandbox = createSandbox({ files: { Dockerfile: DOCKERFILE }, environment: fakeEnvironment() });
  expect((await docker('build -q -t app .')).status).toBe(0);
  expect((await docker('run -d --name web -p 8888:8080 app')).status).toBe(0);
  expect((await docker('run --name once app true')).status).toBe(0);
});

describe('docker ps', () => {
  it('lists running containers in the default table', async () => {
    const rows = (await out('ps')).split('\n');
    expect(rows[0]).toMatch(/^CONTAINER ID {3}IMAGE {5}COMMAND {8}CREATED {18}STATUS {18}PORTS/);
    expect(rows[1]).toMatch(
      /^[0-9a-f]{12} {3}app {7}"sleep 3600" {3}Less than a second ago {3}Up Less than a second {3}0\.0\.0\.0:8888->8080\/tcp, \[::\]:8888->8080\/tcp {3}web$/,
    );
    expect(rows).toHaveLength(3);
  });

  it('prints a table --format with its header, columns three spaces apart and at least 10 wide', async () => {
    expect(await out('ps -a --format "table {{.Names}}\\t{{.State}}\\t{{.Image}}"')).toBe(
      'NAMES     STATE     IMAGE\nonce      exited    app\nweb       running   app\n',
    );
  });

  it('prints a plain template once per container, without a header', async () => {
    expect(await out('ps -a --format "{{.Names}}: {{.Status}}"')).toBe(
      'once: Exited (0) Less than a second ago\nweb: Up Less than a second\n',
    );
  });

  it('prints --format json with the keys Go sorts', async () => {
    const text = await out('ps --format json');
    expect(Object.keys(JSON.parse(text))).toEqual([
      'Command',
      'CreatedAt',
      'ID',
      'Image',
      'Labels',
      'LocalVolumes',
      'Mounts',
      'Names',
      'Networks',
      'Ports',
      'RunningFor',
      'Size',
      'State',
      'Status',
    ]);
    expect(text).toContain('"Ports":"0.0.0.0:8888-\\u003e8080/tcp, [::]:8888-\\u003e8080/tcp"');
    expect(text).toContain('"CreatedAt":"2026-12-04 10:00:00 +0000 UTC"');
    expect(text).toContain('"Labels":"app=demo","LocalVolumes":"1"');
  });

  it.each([
    ['-a --filter status=exited --format {{.Names}}', 'once\n'],
    ['--filter status=exited --format {{.Names}}', 'once\n'],
    // An exit-code filter alone does not show stopped containers: the daemon wants -a for that.
    ['--filter exited=0 --format {{.Names}}', ''],
    ['-a --filter exited=0 --format {{.Names}}', 'once\n'],
    ['-a --filter health=none --format {{.Names}}', 'once\nweb\n'],
    ['-a --filter health=healthy --format {{.Names}}', ''],
    ['-a --filter id=^[0-9a-f] --format {{.Names}}', 'once\nweb\n'],
    ['--filter publish=8080 --format {{.Names}}', ''],
    ['--filter expose=8000-8100 --format {{.Names}}', 'web\n'],
    ['-a --filter exited=1 --format {{.Names}}', ''],
    ['-a --filter name=we --format {{.Names}}', 'web\n'],
    ['-a --filter name=^o --format {{.Names}}', 'once\n'],
    ['-a --filter ancestor=app --format {{.Names}}', 'once\nweb\n'],
    // BuildKit keeps no local copy of the base image, and the daemon matches only local ones.
    ['-a --filter ancestor=alpine --format {{.Names}}', ''],
    ['-a --filter label=app=demo --format {{.Names}}', 'once\nweb\n'],
    ['-a --filter label=app=other --format {{.Names}}', ''],
    ['--filter publish=8888 --format {{.Names}}', 'web\n'],
    ['--filter publish=9999 --format {{.Names}}', ''],
    ['--filter expose=8080/tcp --format {{.Names}}', 'web\n'],
    ['-a --filter volume=/data --format {{.Names}}', 'once\nweb\n'],
    ['-a --filter status=running --filter name=once --format {{.Names}}', ''],
    ['-a -n 1 --format {{.Names}}', 'once\n'],
    ['-l --format {{.Names}}', 'once\n'],
  ])('docker ps %s', async (args, expected) => {
    expect(await out(`ps ${args}`)).toBe(expected);
  });

  it('shows full IDs and commands with --no-trunc, and only IDs with -q', async () => {
    const ids = (await out('ps -a -q')).trim().split('\n');
    expect(ids).toHaveLength(2);
    for (const id of ids) expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect((await out('ps -q --no-trunc')).trim()).toMatch(/^[0-9a-f]{64}$/);
  });

  it("refuses a filter the daemon does not know, in the daemon's words", async () => {
    expect(await docker('ps --filter foo=1')).toEqual({
      status: 1,
      output: "Error response from daemon: invalid filter 'foo'\n",
    });
    expect((await docker('ps --filter status=sleeping')).output).toBe(
      "Error response from daemon: invalid filter 'status=sleeping'\n",
    );
    expect((await docker('ps --filter exited=x')).output).toBe(
      'Error response from daemon: strconv.Atoi: parsing "x": invalid syntax\n',
    );
    expect((await docker('ps --filter publish=80:80')).output).toBe(
      "Error response from daemon: filter for 'publish' should not contain ':': 80:80\n",
    );
    expect((await docker('ps --filter health=sick')).output).toBe(
      'Error response from daemon: Unrecognised filter value for health: sick\n',
    );
  });

  it('names the Go type when a template asks for a field a container does not have', async () => {
    expect(await docker('ps --format "{{.Nope}}"')).toEqual({
      status: 1,
      output:
        'failed to execute template: template: :1:2: executing "" at <.Nope>: can\'t evaluate field Nope in type *formatter.ContainerContext\n',
    });
  });

  it('calls the Label method with its key', async () => {
    expect(await out('ps --format "table {{.Names}}\\t{{.Label \\"app\\"}}"')).toBe(
      'NAMES     LABEL\nweb       demo\n',
    );
    expect(await out('images --format "{{.Repository}} {{.Label \\"app\\"}}"')).toBe('app demo\n');
    expect(await docker('ps --format "{{.Label}}"')).toEqual({
      status: 1,
      output:
        'failed to execute template: template: :1:2: executing "" at <.Label>: wrong number of args for Label: want 1 got 0\n',
    });
  });

  it('adds the SIZE column with -s', async () => {
    expect((await out('ps -s')).split('\n')[0]!.endsWith('NAMES     SIZE')).toBe(true);
  });
});

describe('docker images, tag and history', () => {
  it('lists one row per tag, newest first', async () => {
    expect(await docker('tag app app:v2')).toEqual({ status: 0, output: '' });
    expect(await out('images --format "{{.Repository}}:{{.Tag}}"')).toBe('app:latest\napp:v2\n');
    const ids = (await out('images -q')).trim().split('\n');
    expect(ids).toHaveLength(2);
    expect(ids[0]).toBe(ids[1]);
  });

  it('adds a DIGEST column with --digests; built images have none', async () => {
    const rows = (await out('images --digests')).split('\n');
    expect(rows[0]).toBe(
      'REPOSITORY   TAG       DIGEST    IMAGE ID       CREATED                  SIZE',
    );
    expect(rows[1]).toMatch(/^app {10}latest {4}<none> {4}[0-9a-f]{12} {3}/);
  });

  it('shows a pulled image with its digest', async () => {
    await docker('pull -q node:22-alpine');
    expect(await out('images --digests --format "{{.Repository}} {{.Digest}}" node')).toMatch(
      /^node sha256:[0-9a-f]{64}\n$/,
    );
  });

  it('filters dangling images and references with globs', async () => {
    await runLine(sandbox, 'echo "FROM alpine" > Dockerfile');
    await docker('build -q -t app .');
    expect(await out('images --filter dangling=true --format "{{.Repository}} {{.Tag}}"')).toBe(
      '<none> <none>\n',
    );
    expect(await out('images --filter reference=ap* --format "{{.Repository}}"')).toBe('app\n');
    expect(await out('images --filter reference=*:latest --format "{{.Repository}}"')).toBe(
      'app\n',
    );
    expect((await docker('images --filter dangling=maybe')).output).toBe(
      "Error response from daemon: Invalid filter 'dangling=maybe'\n",
    );
  });

  it("refuses a tag that is not a valid reference, in the client's words", async () => {
    expect(await docker('tag app Bbb')).toEqual({
      status: 1,
      output:
        'Error parsing reference: "Bbb" is not a valid repository/tag: invalid reference format: repository name (library/Bbb) must be lowercase\n',
    });
    expect(await docker('tag nosuch x')).toEqual({
      status: 1,
      output: 'Error response from daemon: No such image: nosuch:latest\n',
    });
  });

  it('names a missing image as the daemon does, with its tag', async () => {
    expect(await docker('rmi nosuch')).toEqual({
      status: 1,
      output: 'Error response from daemon: No such image: nosuch:latest\n',
    });
    expect(await docker('history nosuch:1')).toEqual({
      status: 1,
      output: 'Error response from daemon: No such image: nosuch:1\n',
    });
  });

  it('prints history with --format and -q', async () => {
    expect(await out('history --format "{{.CreatedBy}}|{{.Size}}" app')).toMatch(
      /^CMD \["sleep" "3600"\]\|0B\nVOLUME \[\/data\]\|0B\n/,
    );
    const ids = (await out('history -q app')).trim().split('\n');
    expect(ids[0]).toMatch(/^[0-9a-f]{12}$/);
    expect(new Set(ids.slice(1))).toEqual(new Set(['<missing>']));
  });
});

describe('docker inspect', () => {
  it.each([
    ['{{.Config.ExposedPorts}}', 'map[8080/tcp:{}]'],
    ['{{json .Config.ExposedPorts}}', '{"8080/tcp":{}}'],
    ['{{.NetworkSettings.Ports}}', 'map[8080/tcp:[{0.0.0.0 8888} {:: 8888}]]'],
    ['{{(index (index .NetworkSettings.Ports "8080/tcp") 0).HostPort}}', '8888'],
    ['{{range .Mounts}}{{.Type}} {{.Destination}}{{end}}', 'volume /data'],
    ['{{join .Config.Cmd " "}}', 'sleep 3600'],
    ['{{printf "%s is %s" .Name .State.Status}}', '/web is running'],
  ])('renders -f %j', async (template, expected) => {
    expect(await docker(`inspect -f '${template}' web`)).toEqual({
      status: 0,
      output: `${expected}\n`,
    });
  });

  it("prints a volume mount as Go's MountPoint struct", async () => {
    expect(await out("inspect -f '{{.Mounts}}' web")).toMatch(
      /^\[\{volume ([0-9a-f]{64}) \/var\/lib\/docker\/volumes\/\1\/_data \/data local {2}true \}\]\n$/,
    );
  });

  it('prints [] and then the error for a missing object', async () => {
    expect(await docker('inspect nosuch')).toEqual({
      status: 1,
      output: '[]\nError: No such object: nosuch\n',
    });
    expect(await docker('container inspect nosuch')).toEqual({
      status: 1,
      output: 'Error: No such container: nosuch\n',
    });
    expect(await docker('image inspect nosuch')).toEqual({
      status: 1,
      output: 'Error: No such image: nosuch\n',
    });
  });

  it('adds the sizes with --size', async () => {
    expect(await out("inspect -s -f '{{.SizeRw}}' web")).toBe('0\n');
    // Without -s the typed struct's SizeRw is a nil pointer.
    expect(await out("inspect -f '{{.SizeRw}}' web")).toBe('<nil>\n');
  });

  it('reads image config fields Docker leaves out of the JSON as the typed struct has them', async () => {
    expect(
      await out(
        "inspect -f '{{json .Config.OnBuild}}|{{.Config.User}}|{{.Config.StopSignal}}' app",
      ),
    ).toBe('null||\n');
    expect(await out("inspect -f '{{json .Config}}' app")).not.toContain('OnBuild');
  });

  it('reports a template that does not parse, with status 64', async () => {
    expect(await docker("inspect -f '{{.Name' web")).toEqual({
      status: 64,
      output: 'template parsing error: template: :1: unclosed action\n',
    });
  });
});

describe('prune', () => {
  it('asks before pruning, and stops at the end of input with the line left open', async () => {
    expect(await docker('container prune')).toEqual({
      status: 0,
      output:
        'WARNING! This will remove all stopped containers.\nAre you sure you want to continue? [y/N] ',
    });
    expect(sandbox.state().containers).toHaveLength(2);
  });

  it('prunes stopped containers when the answer is y', async () => {
    const { status, output } = await runLine(sandbox, 'echo y | docker container prune');
    expect(status).toBe(0);
    expect(output).toMatch(
      /^WARNING! This will remove all stopped containers.\nAre you sure you want to continue\? \[y\/N\] Deleted Containers:\n[0-9a-f]{64}\n\nTotal reclaimed space: 0B\n$/,
    );
    expect(sandbox.state().containers.map((c) => c.name)).toEqual(['web']);
  });

  it('removes a dangling image with image prune -f', async () => {
    await runLine(sandbox, 'echo "FROM alpine" > Dockerfile');
    await docker('build -q -t other .');
    await docker('rm -f web once');
    await docker('tag other app');
    const { output } = await docker('image prune -f');
    expect(output).toMatch(
      /^Deleted Images:\ndeleted: sha256:[0-9a-f]{64}\n\nTotal reclaimed space: /,
    );
  });

  it('warns about all unused images with -a', async () => {
    expect((await docker('image prune -a')).output).toBe(
      'WARNING! This will remove all images without at least one container associated to them.\nAre you sure you want to continue? [y/N] ',
    );
  });

  it('lists what system prune removes', async () => {
    expect((await docker('system prune')).output).toBe(
      'WARNING! This will remove:\n  - all stopped containers\n  - all networks not used by at least one container\n  - all dangling images\n  - unused build cache\n\nAre you sure you want to continue? [y/N] ',
    );
  });
});

describe('system df, version, info', () => {
  it('sums images, containers and volumes in the disk-usage table', async () => {
    const rows = (await out('system df')).split('\n');
    expect(rows[0]).toBe('TYPE            TOTAL     ACTIVE    SIZE      RECLAIMABLE');
    expect(rows[1]).toMatch(/^Images {10}1 {9}1 {9}\S+ +0B \(0%\)$/);
    expect(rows[2]).toBe('Containers      2         1         0B        0B');
    expect(rows[3]).toMatch(/^Local Volumes   2 {9}2 {9}/);
  });

  it('prints a table per kind of object with -v', async () => {
    const text = await out('system df -v');
    const lines = text.split('\n');
    expect(lines[0]).toBe('Images space usage:');
    expect(lines[2]).toBe(
      'REPOSITORY   TAG       IMAGE ID       CREATED                  SIZE      SHARED SIZE   UNIQUE SIZE   CONTAINERS',
    );
    expect(lines[3]).toMatch(
      /^app {10}latest {4}[0-9a-f]{12} {3}Less than a second ago {3}\S+ +0B +\S+ +2$/,
    );
    expect(text).toContain('\nContainers space usage:\n\nCONTAINER ID   IMAGE     COMMAND');
    expect(text).toContain('\nLocal Volumes space usage:\n\nVOLUME NAME');
    expect(
      text.endsWith(
        '\nBuild cache usage: 0B\n\nCACHE ID   CACHE TYPE   SIZE      CREATED   LAST USED   USAGE     SHARED\n',
      ),
    ).toBe(true);
  });

  it("keeps the client's layout for version, and says the engine is simulated", async () => {
    const lines = (await out('version')).split('\n');
    expect(lines[1]).toBe(' Version:           28.2.2');
    expect(lines[2]).toBe(' API version:       1.50');
    expect(lines).toContain(' Context:           default');
    expect(lines.find((l) => l.startsWith('Server:'))).toContain('simulated');
    expect(await out("version --format '{{.Client.Version}}'")).toBe('28.2.2\n');
    // The client's own words for this one (it parses the template before asking the daemon).
    expect(await docker("version -f '{{nope}}'")).toEqual({
      status: 64,
      output: 'template parsing error: template: version:1: function "nope" not defined\n',
    });
  });

  it('counts containers and images in info', async () => {
    const text = await out('info');
    expect(text).toContain(
      '\nServer:\n Containers: 2\n  Running: 1\n  Paused: 0\n  Stopped: 1\n Images: 1\n',
    );
    expect(text).toContain('simulated');
  });

  it('prints the simulated client version for docker -v', async () => {
    expect(await out('-v')).toMatch(/^Docker version 28\.2\.2, build /);
  });
});

describe('docker logs', () => {
  async function printer() {
    await runLine(
      sandbox,
      `printf 'FROM alpine\\nCMD ["sh", "-c", "echo one; echo two; echo three >&2"]\\n' > Dockerfile`,
    );
    expect((await docker('build -q -t printer .')).status).toBe(0);
    expect(await docker('run --name pr printer')).toEqual({
      status: 0,
      output: 'one\ntwo\nthree\n',
    });
  }

  it('prints both streams, the last lines with --tail, and RFC 3339 times with -t', async () => {
    await printer();
    expect(await out('logs pr')).toBe('one\ntwo\nthree\n');
    expect(await out('logs --tail 1 pr')).toBe('three\n');
    expect(await out('logs -n 2 pr')).toBe('two\nthree\n');
    expect(await out('logs --tail 0 pr')).toBe('');
    expect(await out('logs -t --tail 1 pr')).toMatch(
      /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z three\n$/,
    );
  });

  it('keeps only the lines after --since and before --until', async () => {
    await printer();
    expect(await out('logs --since 1h pr')).toBe('one\ntwo\nthree\n');
    expect(await out('logs --until 2000-01-01T00:00:00Z pr')).toBe('');
    expect(await docker('logs --since yesterday pr')).toEqual({
      status: 1,
      output: 'invalid value for "since": failed to parse value as time or duration: "yesterday"\n',
    });
  });

  it("says which container does not exist, in the daemon's words", async () => {
    expect(await docker('logs nosuch')).toEqual({
      status: 1,
      output: 'Error response from daemon: No such container: nosuch\n',
    });
  });
});
