// The EKS token against an independent SigV4 query-string signer written from the AWS docs
// ("Create a signed AWS API request", "Authenticating requests: using query parameters").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, createHmac } from 'node:crypto';
import { decodeEksToken, EksTokenSource, presignEksToken, stsHost } from '../../src/aws/eks-token.js';

const KEYS = { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' };
const AT = new Date('2026-12-01T09:15:30Z');

const rfc3986 = (s: string) => encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
const sha256hex = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');
const hmac = (key: Buffer | string, s: string) => createHmac('sha256', key).update(s, 'utf8').digest();

/** Reference: the presigned GetCallerIdentity URL, computed step by step as the docs describe it. */
function referenceUrl(cluster: string, region: string, at: Date, keys: { accessKeyId: string; secretAccessKey: string; sessionToken?: string }): string {
  const host = `sts.${region}.amazonaws.com`;
  const amzDate = at.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
  const day = amzDate.slice(0, 8);
  const scope = `${day}/${region}/sts/aws4_request`;
  const params: Record<string, string> = {
    Action: 'GetCallerIdentity',
    Version: '2011-06-15',
    'X-Amz-Algorithm': 'AWS4-HMAC-SHA256',
    'X-Amz-Credential': `${keys.accessKeyId}/${scope}`,
    'X-Amz-Date': amzDate,
    'X-Amz-Expires': '60',
    'X-Amz-SignedHeaders': 'host;x-k8s-aws-id',
  };
  if (keys.sessionToken) params['X-Amz-Security-Token'] = keys.sessionToken;
  const query = Object.keys(params).sort().map((k) => `${rfc3986(k)}=${rfc3986(params[k]!)}`).join('&');
  const canonicalRequest = ['GET', '/', query, `host:${host}\nx-k8s-aws-id:${cluster}\n`, 'host;x-k8s-aws-id', sha256hex('')].join('\n');
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${keys.secretAccessKey}`, day), region), 'sts'), 'aws4_request');
  const signature = createHmac('sha256', key).update(stringToSign, 'utf8').digest('hex');
  return `https://${host}/?${query}&X-Amz-Signature=${signature}`;
}

function sortedParams(url: URL): Array<[string, string]> {
  return [...url.searchParams.entries()].sort(([a], [b]) => a.localeCompare(b));
}

test('the token is k8s-aws-v1. + unpadded base64url of the URL the reference signer computes', async () => {
  const { token, expiresAt, refreshAt } = await presignEksToken({ clusterName: 'ltop-demo', region: 'eu-central-1', credentials: KEYS, now: AT });
  assert.ok(token.startsWith('k8s-aws-v1.'));
  assert.doesNotMatch(token, /[=+/]/, 'base64url without padding');
  const got = decodeEksToken(token);
  const want = new URL(referenceUrl('ltop-demo', 'eu-central-1', AT, KEYS));
  assert.equal(got.origin + got.pathname, 'https://sts.eu-central-1.amazonaws.com/');
  assert.deepEqual(sortedParams(got), sortedParams(want));
  assert.equal(got.searchParams.get('X-Amz-Signature'), want.searchParams.get('X-Amz-Signature'));
  assert.equal(expiresAt.getTime() - AT.getTime(), 15 * 60_000);
  assert.equal(refreshAt.getTime() - AT.getTime(), 14 * 60_000);
});

test('temporary credentials (SSO, roles) sign their session token into the URL', async () => {
  const keys = { ...KEYS, sessionToken: 'IQoJb3JpZ2luX2VjEXAMPLE/+token==' };
  const got = decodeEksToken((await presignEksToken({ clusterName: 'c', region: 'us-east-1', credentials: async () => keys, now: AT })).token);
  const want = new URL(referenceUrl('c', 'us-east-1', AT, keys));
  assert.equal(got.searchParams.get('X-Amz-Security-Token'), keys.sessionToken);
  assert.equal(got.searchParams.get('X-Amz-Signature'), want.searchParams.get('X-Amz-Signature'));
});

test('China regions sign for the amazonaws.com.cn STS host', () => {
  assert.equal(stsHost('cn-north-1'), 'sts.cn-north-1.amazonaws.com.cn');
  assert.equal(stsHost('eu-west-1'), 'sts.eu-west-1.amazonaws.com');
});

test('the token source keeps its token for 14 minutes, then signs a new one; callers at once share it', async () => {
  let now = AT;
  let resolved = 0;
  const source = new EksTokenSource({ clusterName: 'c', region: 'eu-central-1', credentials: async () => (resolved++, KEYS), clock: () => now });
  const [a, b] = await Promise.all([source.token(), source.token()]);
  assert.equal(a, b);
  assert.equal(resolved, 1);
  now = new Date(AT.getTime() + 13 * 60_000 + 59_000);
  assert.equal(await source.token(), a, 'still the same token just before 14 minutes');
  now = new Date(AT.getTime() + 14 * 60_000);
  const c = await source.token();
  assert.notEqual(c, a);
  assert.equal(decodeEksToken(c).searchParams.get('X-Amz-Date'), '20261201T092930Z');
});

test('a string that is not a token is refused with its reason', () => {
  assert.throws(() => decodeEksToken('Bearer abc'), /no k8s-aws-v1\. prefix/);
});

test('a login that lapses while ltop runs: the next request says to run aws sso login', async () => {
  // the SDK's own message (@aws-sdk/credential-provider-sso) when the cached SSO token has expired
  const lapsed = Object.assign(new Error('The SSO session associated with this profile has expired. To refresh this SSO session run aws sso login with the corresponding profile.'), { name: 'CredentialsProviderError' });
  const source = new EksTokenSource({ clusterName: 'c', region: 'eu-central-1', profile: 'sre', credentials: async () => { throw lapsed; } });
  await assert.rejects(source.token(), /the AWS credentials have expired: run aws sso login --profile sre/);
});
