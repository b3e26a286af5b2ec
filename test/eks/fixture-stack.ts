// The terraform_data stack that stands in for terraform/ in the eks tests: a fresh copy per run
// (Terraform writes its state beside it, never into the fixture), its var file, the env its
// local-exec needs to create the cluster in moto, and the one seam to the test API server.
import { cpSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { connectEks } from '../../src/aws/connect.js';
import type { EksConnect } from '../../src/platforms/eks/index.js';
import { repoRoot } from '../support/cli.js';

export const EKS_FIXTURES = path.join(repoRoot, 'test', 'eks', 'fixtures');

export function fixtureStack(prefix: string, varFileName: string, region: string, name: string): { stackDir: string; varFile: string; env: NodeJS.ProcessEnv } {
  const stackDir = mkdtempSync(path.join(tmpdir(), prefix));
  cpSync(path.join(EKS_FIXTURES, 'stack'), stackDir, { recursive: true });
  const varFile = path.join(stackDir, varFileName);
  writeFileSync(varFile, `region = "${region}"\nname = "${name}"\nendpoint_public_access_cidrs = ["127.0.0.1/32"]\n`);
  const env = { ...process.env, TF_VAR_ltop_node: process.execPath, TF_VAR_moto_script: path.join(EKS_FIXTURES, 'moto-cluster.mjs') };
  return { stackDir, varFile, env };
}

/** The only seam: moto answers DescribeCluster; the Kubernetes API is the test's server. */
export function connectToTestServer(serverUrl: () => string): EksConnect {
  return async (where) => {
    const session = await connectEks(where);
    session.connection.kc.clusters = session.connection.kc.clusters.map((entry) => ({ ...entry, server: serverUrl(), skipTLSVerify: true, caData: undefined }));
    return session;
  };
}
