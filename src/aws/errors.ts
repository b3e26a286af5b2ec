// AWS failures as one line with the next step: credentials first (the commonest cause), then the
// SDK's service errors by name. Callers show `message`; `nextStep` is there for a retry prompt.

export type AwsCredentialsProblem = 'missing' | 'expired' | 'invalid';

export class AwsCredentialsError extends Error {
  constructor(
    readonly problem: AwsCredentialsProblem,
    readonly nextStep: string,
    readonly causeMessage: string,
  ) {
    super(`${problemText(problem)}: ${nextStep} (${causeMessage})`);
    this.name = 'AwsCredentialsError';
  }
}

/** A region that is not a region name, or none found: a usage error (exit 2). */
export class AwsRegionError extends Error {
  override name = 'AwsRegionError';
}

function problemText(problem: AwsCredentialsProblem): string {
  if (problem === 'missing') return 'no AWS credentials';
  if (problem === 'expired') return 'the AWS credentials have expired';
  return 'the AWS credentials were refused';
}

function loginStep(profile: string | undefined): string {
  return profile ? `run aws sso login --profile ${profile} (or refresh that profile's keys)` : 'run aws sso login --profile NAME and set AWS_PROFILE=NAME (or export fresh keys)';
}

const EXPIRED = new Set(['ExpiredToken', 'ExpiredTokenException', 'RequestExpired', 'TokenRefreshRequired']);
const INVALID = new Set(['InvalidClientTokenId', 'UnrecognizedClientException', 'SignatureDoesNotMatch', 'InvalidSignatureException', 'AuthFailure', 'InvalidAccessKeyId']);

function nameAndMessage(err: unknown): { name: string; message: string } {
  if (err instanceof Error) return { name: err.name, message: err.message.split('\n')[0] ?? '' };
  return { name: 'Error', message: String(err) };
}

/** The credentials problem behind an SDK error, if that is what it is. */
export function credentialsProblem(err: unknown, profile?: string): AwsCredentialsError | undefined {
  if (err instanceof AwsCredentialsError) return err;
  const { name, message } = nameAndMessage(err);
  if (EXPIRED.has(name) || /sso.*(expired|refresh)|token (is|has) expired|expired.*token/i.test(message)) {
    return new AwsCredentialsError('expired', loginStep(profile), message);
  }
  if (INVALID.has(name)) return new AwsCredentialsError('invalid', `check the keys or profile in use: ${loginStep(profile)}`, message);
  if (name === 'CredentialsProviderError' || name === 'TokenProviderError' || /could not load credentials|unable to load credentials|profile .* could not be found/i.test(message)) {
    if (/sso/i.test(message)) return new AwsCredentialsError('expired', loginStep(profile), message);
    const step = profile ? `profile ${profile} gives no credentials: check ~/.aws/config or run aws configure sso --profile ${profile}` : 'set AWS_PROFILE=NAME (aws configure list-profiles), run aws configure sso, or export AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY';
    return new AwsCredentialsError('missing', step, message);
  }
  return undefined;
}

/** One line for any AWS failure: what failed, why, and what to do when ltop knows. */
export function describeAwsError(what: string, err: unknown, profile?: string): string {
  const creds = credentialsProblem(err, profile);
  if (creds) return `${what}: ${creds.message}`;
  const { name, message } = nameAndMessage(err);
  const code = (err as { code?: string }).code;
  if (name === 'AccessDeniedException' || name === 'AccessDenied' || name === 'UnauthorizedOperation') return `${what}: access denied (${message}); the principal in use needs that permission`;
  if (name === 'ThrottlingException' || name === 'Throttling' || name === 'TooManyRequestsException') return `${what}: throttled by AWS (${message}); ltop retries more slowly`;
  if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'ETIMEDOUT' || name === 'TimeoutError') return `${what}: cannot reach the AWS endpoint (${code ?? name}: ${message}); check the network or AWS_ENDPOINT_URL`;
  // an AWS error code says something (ValidationException); ltop's own error names do not
  const fromAws = typeof err === 'object' && err !== null && '$metadata' in err;
  return `${what}: ${fromAws && name !== 'Error' ? `${name}: ` : ''}${message}`;
}
