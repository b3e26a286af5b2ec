// Static checks of the runtime image (no Docker engine here): pinned base, non-root user,
// HEALTHCHECK, no secrets, only what the runtime needs, and the container contract the
// Kubernetes manifests rely on.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repo, runtimeDir } from './locust-harness.js';

const dockerfile = readFileSync(join(runtimeDir, 'Dockerfile'), 'utf8');
/** instructions with line continuations joined, comments dropped */
const instructions = dockerfile
  .replace(/\\\n/g, ' ')
  .split('\n')
  .map((l) => l.trim())
  .filter((l) => l !== '' && !l.startsWith('#'));
const of = (kw: string) => instructions.filter((l) => l.toUpperCase().startsWith(kw + ' '));
const args = new Map(
  of('ARG').map((l) => {
    const [k, v] = l.slice(4).split('=');
    return [k!.trim(), (v ?? '').trim()];
  }),
);
const resolve = (s: string) => s.replace(/\$\{?(\w+)\}?/g, (_m, n: string) => args.get(n) ?? `$${n}`);

describe('runtime/Dockerfile', () => {
  test('multi-stage, every base image pinned to an exact version (never latest)', () => {
    const froms = of('FROM').map((l) => resolve(l.split(/\s+/)[1]!));
    assert.ok(froms.length >= 2, 'multi-stage');
    for (const image of froms) {
      assert.doesNotMatch(image, /:latest\b/);
      assert.match(image, /^[\w./-]+:\d+\.\d+\.\d+[\w.-]*(@sha256:[0-9a-f]{64})?$/, `${image} is not pinned`);
    }
  });

  test('runs as the non-root uid 10001', () => {
    const users = of('USER');
    assert.ok(users.length > 0);
    const last = users.at(-1)!.split(/\s+/)[1]!;
    assert.doesNotMatch(last, /^(root|0)(:|$)/);
    assert.match(last, /^10001(:10001)?$/);
  });

  test('has a HEALTHCHECK, exposes 8089 and 5557, and the container contract', () => {
    assert.equal(of('HEALTHCHECK').length, 1);
    assert.match(of('HEALTHCHECK')[0]!, /healthcheck\.py/);
    const exposed = of('EXPOSE').flatMap((l) => l.split(/\s+/).slice(1));
    assert.ok(exposed.includes('8089') && exposed.includes('5557'));
    assert.deepEqual(of('WORKDIR'), ['WORKDIR /opt/ltop']);
    assert.equal(of('ENTRYPOINT').at(-1), 'ENTRYPOINT ["/opt/ltop/entrypoint.sh"]');
    const env = of('ENV').join(' ');
    assert.match(env, /PYTHONPATH=\/opt\/ltop\/runtime\b/);
    assert.match(env, /PYTHONDONTWRITEBYTECODE=1\b/);
    const copies = of('COPY').join('\n');
    assert.match(copies, /scenarios\/ \/opt\/ltop\/scenarios\//);
    assert.match(copies, /runtime\/ltop_plugin\.py .*\/opt\/ltop\/runtime\//);
    assert.match(copies, /runtime\/entrypoint\.sh \/opt\/ltop\/entrypoint\.sh/);
  });

  test('installs only the pinned requirements and copies only files that exist', () => {
    const req = readFileSync(join(runtimeDir, 'requirements.txt'), 'utf8');
    assert.match(req, /^locust==2\.4\d\.\d+$/m, 'a current 2.4x Locust, pinned');
    for (const line of of('COPY').filter((l) => !l.includes('--from='))) {
      const parts = line.split(/\s+/).slice(1).filter((p) => !p.startsWith('--'));
      for (const src of parts.slice(0, -1)) assert.ok(existsSync(join(repo, src)), `COPY source ${src} missing`);
    }
  });

  test('no secrets baked in', () => {
    for (const l of [...of('ENV'), ...of('ARG'), ...of('LABEL')]) {
      assert.doesNotMatch(l, /(PASSWORD|TOKEN|SECRET|API_KEY|AWS_ACCESS|PRIVATE)/i, l);
    }
    assert.doesNotMatch(dockerfile, /AKIA[0-9A-Z]{16}|-----BEGIN [A-Z ]*PRIVATE KEY-----/);
  });

  test('a .dockerignore sends only what the image needs', () => {
    const path = join(runtimeDir, 'Dockerfile.dockerignore');
    assert.ok(existsSync(path), 'runtime/Dockerfile.dockerignore (BuildKit per-Dockerfile ignore file)');
    const lines = readFileSync(path, 'utf8')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l !== '' && !l.startsWith('#'));
    assert.equal(lines[0], '*', 'ignore everything first');
    const allowed = lines.filter((l) => l.startsWith('!')).map((l) => l.slice(1));
    for (const a of allowed) assert.match(a, /^(runtime|scenarios)\//, `${a} is outside the runtime`);
    for (const line of of('COPY').filter((l) => !l.includes('--from='))) {
      const parts = line.split(/\s+/).slice(1).filter((p) => !p.startsWith('--'));
      for (const src of parts.slice(0, -1)) {
        assert.ok(
          allowed.some((a) => a === src || a.startsWith(src) || (a.endsWith('*.py') && src === a.slice(0, -4))),
          `${src} is not let through by the ignore file`,
        );
      }
    }
  });
});
