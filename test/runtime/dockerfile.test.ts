// Static checks of the two images (no Docker engine here): pinned bases, non-root users, no
// secrets, only what each needs in its build context, and the contracts the manifests rely on.
//   runtime/Dockerfile       ltop-runtime: the pinned Locust + plugin + scenarios (extra packages)
//   runtime/Dockerfile.ltop  ltop itself (Node 22) for the in-cluster matrix Job and CI
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// Static checks: no Locust needed, so not through the Locust harness.
const repo = fileURLToPath(new URL('../..', import.meta.url));
const runtimeDir = join(repo, 'runtime');

interface Dockerfile {
  readonly text: string;
  /** instructions with line continuations joined, comments dropped */
  readonly instructions: string[];
  of(keyword: string): string[];
  /** ${ARG} references replaced by the ARG defaults */
  resolve(s: string): string;
}

function dockerfile(name: string): Dockerfile {
  const text = readFileSync(join(runtimeDir, name), 'utf8');
  const instructions = text
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  const of = (kw: string) => instructions.filter((l) => l.toUpperCase().startsWith(kw + ' '));
  const args = new Map(
    of('ARG')
      .map((l) => l.slice(4).split('='))
      .filter((kv) => kv.length === 2)
      .map(([k, v]) => [k!.trim(), v!.trim()]),
  );
  const resolve = (s: string) => s.replace(/\$\{?(\w+)\}?/g, (_m, n: string) => args.get(n) ?? `$${n}`);
  return { text, instructions, of, resolve };
}

/** COPY sources from the build context (not from another stage) */
const contextSources = (d: Dockerfile): string[] =>
  d.of('COPY')
    .filter((l) => !l.includes('--from='))
    .flatMap((l) => l.split(/\s+/).slice(1).filter((p) => !p.startsWith('--')).slice(0, -1));

function pinnedMultiStage(d: Dockerfile): void {
  const froms = d.of('FROM').map((l) => d.resolve(l.split(/\s+/)[1]!));
  assert.ok(froms.length >= 2, 'multi-stage');
  for (const image of froms) {
    assert.doesNotMatch(image, /:latest\b/);
    assert.match(image, /^[\w./-]+:\d+\.\d+\.\d+[\w.-]*(@sha256:[0-9a-f]{64})?$/, `${image} is not pinned`);
  }
}

function lastUser(d: Dockerfile): string {
  const users = d.of('USER');
  assert.ok(users.length > 0);
  const last = users.at(-1)!.split(/\s+/)[1]!;
  assert.doesNotMatch(last, /^(root|0)(:|$)/);
  assert.match(last, /^\d+:\d+$/, 'numeric uid:gid, so Kubernetes can verify runAsNonRoot');
  return last;
}

function noSecrets(d: Dockerfile): void {
  for (const l of [...d.of('ENV'), ...d.of('ARG'), ...d.of('LABEL')]) {
    assert.doesNotMatch(l, /(PASSWORD|TOKEN|SECRET|API_KEY|AWS_ACCESS|PRIVATE)/i, l);
  }
  assert.doesNotMatch(d.text, /AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----/);
}

/** The per-Dockerfile ignore file: everything out first, then only what the COPY lines need. */
function ignoreFileLetsThrough(d: Dockerfile, ignoreFile: string, allowedRoots: RegExp): void {
  const path = join(runtimeDir, ignoreFile);
  assert.ok(existsSync(path), `runtime/${ignoreFile} (BuildKit per-Dockerfile ignore file)`);
  const lines = readFileSync(path, 'utf8')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'));
  assert.equal(lines[0], '*', 'ignore everything first');
  const allowed = lines.filter((l) => l.startsWith('!')).map((l) => l.slice(1));
  for (const a of allowed) assert.match(a, allowedRoots, `${a} is more than the image needs`);
  for (const src of contextSources(d)) {
    assert.ok(
      allowed.some(
        (a) =>
          a === src ||
          a.startsWith(src) ||
          (a.endsWith('*.py') && src === a.slice(0, -4)) ||
          (a.endsWith('/**') && src.replace(/\/$/, '') === a.slice(0, -3)),
      ),
      `${src} is not let through by the ignore file`,
    );
  }
  for (const src of contextSources(d)) assert.ok(existsSync(join(repo, src)), `COPY source ${src} missing`);
}

describe('runtime/Dockerfile', () => {
  const d = dockerfile('Dockerfile');

  test('multi-stage, every base image pinned to an exact version (never latest)', () => pinnedMultiStage(d));

  test('runs as the non-root uid 10001', () => {
    assert.equal(lastUser(d), '10001:10001');
  });

  test('has a HEALTHCHECK, exposes 8089 and 5557, and the container contract', () => {
    assert.equal(d.of('HEALTHCHECK').length, 1);
    assert.match(d.of('HEALTHCHECK')[0]!, /healthcheck\.py/);
    const exposed = d.of('EXPOSE').flatMap((l) => l.split(/\s+/).slice(1));
    assert.ok(exposed.includes('8089') && exposed.includes('5557'));
    assert.deepEqual(d.of('WORKDIR'), ['WORKDIR /opt/ltop']);
    assert.equal(d.of('ENTRYPOINT').at(-1), 'ENTRYPOINT ["/opt/ltop/entrypoint.sh"]');
    const env = d.of('ENV').join(' ');
    assert.match(env, /PYTHONPATH=\/opt\/ltop\/runtime\b/);
    assert.match(env, /PYTHONDONTWRITEBYTECODE=1\b/);
    // the manifests run `locust` themselves (k8s/components/runtime-image): it must be on PATH
    assert.match(env, /PATH=\/opt\/venv\/bin:/);
    const copies = d.of('COPY').join('\n');
    assert.match(copies, /scenarios\/ \/opt\/ltop\/scenarios\//);
    assert.match(copies, /runtime\/ltop_plugin\.py .*\/opt\/ltop\/runtime\//);
    assert.match(copies, /runtime\/entrypoint\.sh \/opt\/ltop\/entrypoint\.sh/);
  });

  test('installs the hashed lock with --require-hashes, wheels only, and labels its Locust version', () => {
    const req = readFileSync(join(runtimeDir, 'requirements.txt'), 'utf8');
    const pin = /^locust==(\d+\.\d+\.\d+)\b/m.exec(req)?.[1];
    assert.ok(pin, 'runtime/requirements.txt pins locust');
    const install = d.of('RUN').find((l) => l.includes('pip install'));
    assert.ok(install);
    assert.match(install, /pip install --require-hashes --only-binary=:all: -r \/tmp\/requirements\.txt/);
    assert.equal(d.resolve('${LOCUST_VERSION}'), pin, 'ARG LOCUST_VERSION is the pinned Locust');
    assert.match(d.of('LABEL').join(' '), /org\.opencontainers\.image\.version="\$\{LOCUST_VERSION\}"/);
  });

  test('no secrets baked in', () => noSecrets(d));

  test('a .dockerignore sends only what the image needs', () => ignoreFileLetsThrough(d, 'Dockerfile.dockerignore', /^(runtime|scenarios)\//));
});

describe('runtime/Dockerfile.ltop', () => {
  const d = dockerfile('Dockerfile.ltop');
  const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as { version: string; engines?: { node?: string } };

  test('multi-stage on Node 22, every base image pinned to an exact version', () => {
    pinnedMultiStage(d);
    for (const l of d.of('FROM')) assert.match(d.resolve(l.split(/\s+/)[1]!), /^node:22\.\d+\.\d+-/, 'Node 22, as package.json engines asks');
    assert.match(pkg.engines?.node ?? '', /^>=22/);
  });

  test('runs as the base image\'s non-root node user, uid 1000', () => {
    assert.equal(lastUser(d), '1000:1000');
  });

  test('ships production dependencies only, installed from the lock, and the dist built in an earlier stage', () => {
    const stages = d.text.split(/^FROM /m).slice(1);
    const final = stages.at(-1)!;
    assert.match(final, /npm ci --omit=dev --ignore-scripts/, 'npm ci from package-lock.json, no dev dependencies');
    assert.doesNotMatch(final, /npm (install|i) /, 'never npm install: the lock decides');
    assert.match(final, /COPY --from=build [^\n]*\/src\/dist\/ \/opt\/ltop\/dist\//);
    for (const copy of final.split('\n').filter((l) => l.startsWith('COPY ') && !l.includes('--from='))) {
      assert.doesNotMatch(copy, /\bsrc\//, `no TypeScript sources in the final image: ${copy}`);
    }
    const build = stages.slice(0, -1).join('\n');
    assert.match(build, /npm ci --ignore-scripts/);
    assert.match(build, /npm run build/);
    assert.match(build, /COPY scripts\/build\.ts /, 'the bundler script the build runs');
    assert.equal(d.of('ENTRYPOINT').at(-1), 'ENTRYPOINT ["node", "--max-semi-space-size=8", "/opt/ltop/dist/cli.js"]');
  });

  test('labels ltop\'s version, the tag the manifests use', () => {
    assert.equal(d.resolve('${LTOP_VERSION}'), pkg.version);
    assert.match(d.of('LABEL').join(' '), /org\.opencontainers\.image\.version="\$\{LTOP_VERSION\}"/);
  });

  test('a writable home on a read-only root filesystem', () => {
    assert.match(d.of('ENV').join(' '), /\bHOME=\/tmp\b/);
  });

  test('no secrets baked in', () => noSecrets(d));

  test('a .dockerignore sends only what the image needs', () =>
    ignoreFileLetsThrough(d, 'Dockerfile.ltop.dockerignore', /^(package(-lock)?\.json|tsconfig\.json|scripts\/build\.ts|src\/\*\*|scenarios\/\*\.py)$/));
});
