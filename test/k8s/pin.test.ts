// One Locust everywhere (issue 13): the version pinned in runtime/requirements.txt (from
// runtime/requirements.in) is the tag of every Locust image the manifests run or mention, and
// the version runtime/Dockerfile checks and labels. Bump the pin and this fails until all follow.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { K8S_DIR, REPO_ROOT, allContainers, renderAll } from './kustomize.js';
import { OFFICIAL_LOCUST, RUNTIME_IMAGE, locustPin, tagOf } from './images.js';

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name));
}

test('every rendered Locust container runs the pinned version', async () => {
  const pin = locustPin();
  let locustContainers = 0;
  for (const { name, objects } of await renderAll()) {
    for (const { owner, container } of allContainers(objects)) {
      const image = container.image.replace(/^docker\.io\//, '');
      const repo = image.replace(/[:@].*$/, '');
      if (repo !== OFFICIAL_LOCUST && repo.split('/').at(-1) !== RUNTIME_IMAGE) continue;
      locustContainers += 1;
      assert.equal(tagOf(image), pin, `${name}: ${owner} ${container.name} runs ${container.image}, the pin is ${pin}`);
    }
  }
  assert.ok(locustContainers >= 2 * 7, `checked ${String(locustContainers)} Locust containers`);
});

test('every Locust image k8s/ and docs/k8s.md name (comments and commands too) carries the pinned tag', async () => {
  const pin = locustPin();
  const files = [...(await filesUnder(K8S_DIR)).filter((f) => /\.ya?ml$/.test(f)), join(REPO_ROOT, 'docs', 'k8s.md')];
  const found: string[] = [];
  for (const file of files) {
    const text = await readFile(file, 'utf8');
    for (const m of text.matchAll(/\b(locustio\/locust|ltop-runtime):([\w.-]+)/g)) {
      found.push(`${relative(REPO_ROOT, file)}: ${m[0]}`);
      assert.equal(m[2], pin, `${relative(REPO_ROOT, file)} names ${m[0]}; the pin is ${pin}`);
    }
    // kustomize's images transformer: newTag of a Locust image
    for (const m of text.matchAll(/- name: (locustio\/locust|ltop-runtime)\n(?:\s+newName: \S+\n)?\s+newTag: "?([\w.-]+)"?/g)) {
      assert.equal(m[2], pin, `${relative(REPO_ROOT, file)} sets ${m[1] ?? ''} to ${m[2] ?? ''}; the pin is ${pin}`);
    }
  }
  assert.ok(found.some((f) => f.startsWith('k8s/base/')), `the base names the image: ${found.join(', ')}`);
});

test('runtime/Dockerfile checks and labels the pinned Locust and installs the lock with --require-hashes', async () => {
  const pin = locustPin();
  const dockerfile = (await readFile(join(REPO_ROOT, 'runtime', 'Dockerfile'), 'utf8')).replace(/\\\n/g, ' ');
  assert.match(dockerfile, new RegExp(`^ARG LOCUST_VERSION=${pin.replace(/\./g, '\\.')}$`, 'm'), `ARG LOCUST_VERSION=${pin}`);
  assert.match(dockerfile, /org\.opencontainers\.image\.version="\$\{LOCUST_VERSION\}"/);
  assert.match(dockerfile, /ltop\.locust-version="\$\{LOCUST_VERSION\}"/);
  assert.match(dockerfile, /pip install --require-hashes [^\n]*-r \/tmp\/requirements\.txt/);
  // the build itself stops when the installed Locust is not the labelled one
  assert.match(dockerfile, /import locust; print\(locust\.__version__\)'\)" = "\$\{LOCUST_VERSION\}"/);
  for (const line of dockerfile.split('\n').filter((l) => /-t ltop-runtime:/.test(l))) assert.ok(line.includes(`ltop-runtime:${pin}`), line);
});
