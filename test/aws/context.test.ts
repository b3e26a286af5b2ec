// Region and credentials as the SDK's default chain gives them, and what ltop says when they are
// missing or expired. STS answers from moto_server; profiles come from a temporary config file.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync, rmSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { checkCredentials, resolveAwsContext } from '../../src/aws/context.js';
import { AwsCredentialsError, AwsRegionError, credentialsProblem, describeAwsError } from '../../src/aws/errors.js';
import { motoForTests } from '../support/moto.js';

motoForTests();
let dir: string;

before(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'ltop-aws-'));
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Run with some environment variables set or removed (undefined), then put them back. */
async function withEnv<T>(vars: Record<string, string | undefined>, run: () => Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(vars).map((k) => [k, process.env[k]]));
  for (const [k, v] of Object.entries(vars)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  try {
    return await run();
  } finally {
    for (const [k, v] of Object.entries(saved)) v === undefined ? delete process.env[k] : (process.env[k] = v);
  }
}

test('region: --region first, then the tfvars, then AWS_REGION or the profile', async () => {
  assert.deepEqual(await resolveAwsContext({ region: 'us-east-1', tfvarsRegion: 'eu-west-1' }).then((c) => [c.region, c.regionSource]), ['us-east-1', '--region']);
  assert.deepEqual(await resolveAwsContext({ tfvarsRegion: 'eu-west-1' }).then((c) => [c.region, c.regionSource]), ['eu-west-1', 'tfvars']);
  assert.deepEqual(await resolveAwsContext({}).then((c) => [c.region, c.regionSource]), ['eu-central-1', 'environment or profile']);
  const config = path.join(dir, 'config');
  writeFileSync(config, '[profile loadtest]\nregion = ap-south-1\naws_access_key_id = testing\naws_secret_access_key = testing\n');
  const fromProfile = await withEnv({ AWS_REGION: undefined, AWS_CONFIG_FILE: config }, () => resolveAwsContext({ profile: 'loadtest' }));
  assert.equal(fromProfile.region, 'ap-south-1');
  assert.equal(fromProfile.profile, 'loadtest');
});

test('a region that is not one, or no region anywhere, is a usage error naming where to set it', async () => {
  await assert.rejects(resolveAwsContext({ region: 'Frankfurt' }), (e: Error) => e instanceof AwsRegionError && /--region "Frankfurt" is not an AWS region name/.test(e.message));
  await assert.rejects(resolveAwsContext({ tfvarsRegion: 'eu-central' }), /tfvars "eu-central" is not an AWS region name/);
  await withEnv({ AWS_REGION: undefined }, () => assert.rejects(resolveAwsContext({}), /no AWS region: pass --region, set region in the tfvars, set AWS_REGION/));
});

test('credentials from the environment are proved with STS GetCallerIdentity', async () => {
  const me = await checkCredentials(await resolveAwsContext({}));
  assert.equal(me.account, '123456789012');
  assert.match(me.arn, /^arn:aws:sts::123456789012:/);
});

test('credentials from a profile (AWS_PROFILE) are used the same way', async () => {
  const config = path.join(dir, 'config-keys');
  writeFileSync(config, '[profile ci]\nregion = eu-central-1\naws_access_key_id = AKIDPROFILE\naws_secret_access_key = secret\n');
  const me = await withEnv({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_CONFIG_FILE: config, AWS_PROFILE: 'ci' }, async () => {
    const ctx = await resolveAwsContext({});
    assert.equal(ctx.profile, 'ci');
    return checkCredentials(ctx);
  });
  assert.equal(me.credentials.accessKeyId, 'AKIDPROFILE');
});

test('no credentials at all: a typed error that says to set AWS_PROFILE', async () => {
  await withEnv({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined }, async () => {
    await assert.rejects(checkCredentials(await resolveAwsContext({})), (e: unknown) => {
      assert.ok(e instanceof AwsCredentialsError);
      assert.equal(e.problem, 'missing');
      assert.match(e.message, /^no AWS credentials: set AWS_PROFILE=NAME/);
      return true;
    });
  });
});

test('an SSO profile whose login is missing or expired: run aws sso login --profile NAME', async () => {
  const config = path.join(dir, 'config-sso');
  writeFileSync(
    config,
    ['[profile sre]', 'sso_session = corp', 'sso_account_id = 123456789012', 'sso_role_name = Admin', 'region = eu-central-1', '', '[sso-session corp]', 'sso_start_url = https://corp.awsapps.com/start', 'sso_region = eu-central-1', 'sso_registration_scopes = sso:account:access', ''].join('\n'),
  );
  // an empty home: no ~/.aws/sso/cache, as after the SSO session lapsed and was cleaned
  await withEnv({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_CONFIG_FILE: config, HOME: dir }, async () => {
    await assert.rejects(checkCredentials(await resolveAwsContext({ profile: 'sre' })), (e: unknown) => {
      assert.ok(e instanceof AwsCredentialsError, String(e));
      assert.equal(e.problem, 'expired');
      assert.match(e.message, /run aws sso login --profile sre/);
      return true;
    });
  });
});

test('an SSO login cached but expired (the morning after): run aws sso login --profile NAME', async () => {
  const home = path.join(dir, 'home-expired');
  const startUrl = 'https://corp.awsapps.com/start';
  const cache = path.join(home, '.aws', 'sso', 'cache');
  mkdirSync(cache, { recursive: true });
  // where the AWS CLI leaves the token of a legacy SSO profile: sha1(start url).json
  writeFileSync(path.join(cache, `${createHash('sha1').update(startUrl).digest('hex')}.json`), JSON.stringify({ startUrl, region: 'eu-central-1', accessToken: 'expired', expiresAt: '2026-11-30T18:00:00Z' }));
  const config = path.join(home, 'config');
  writeFileSync(config, ['[profile night]', `sso_start_url = ${startUrl}`, 'sso_region = eu-central-1', 'sso_account_id = 123456789012', 'sso_role_name = Admin', 'region = eu-central-1', ''].join('\n'));
  await withEnv({ AWS_ACCESS_KEY_ID: undefined, AWS_SECRET_ACCESS_KEY: undefined, AWS_CONFIG_FILE: config, HOME: home }, async () => {
    await assert.rejects(checkCredentials(await resolveAwsContext({ profile: 'night' })), (e: unknown) => {
      assert.ok(e instanceof AwsCredentialsError, String(e));
      assert.equal(e.problem, 'expired');
      assert.match(e.message, /run aws sso login --profile night .*has expired/);
      return true;
    });
  });
});

test('AWS errors that mean expired or refused keys, and others, read as one line with the next step', () => {
  const expired = Object.assign(new Error('The security token included in the request is expired'), { name: 'ExpiredTokenException', $metadata: {} });
  assert.equal(credentialsProblem(expired, 'sre')?.problem, 'expired');
  assert.match(describeAwsError('EKS status', expired, 'sre'), /^EKS status: the AWS credentials have expired: run aws sso login --profile sre/);
  const refused = Object.assign(new Error('The security token included in the request is invalid.'), { name: 'UnrecognizedClientException', $metadata: {} });
  assert.equal(credentialsProblem(refused)?.problem, 'invalid');
  const denied = Object.assign(new Error('User is not authorized to perform: eks:DescribeCluster'), { name: 'AccessDeniedException', $metadata: {} });
  assert.match(describeAwsError('EKS status', denied), /access denied .*needs that permission/);
  const odd = Object.assign(new Error('bad input'), { name: 'InvalidParameterException', $metadata: {} });
  assert.equal(describeAwsError('EKS status', odd), 'EKS status: InvalidParameterException: bad input');
});
