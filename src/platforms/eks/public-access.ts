// Who may reach the EKS API's public endpoint. terraform/variables.tf requires
// endpoint_public_access_cidrs and has no open default; when the user gives none (var file,
// TF_VAR_, --api-cidr), ltop asks a "what is my IP" service for the caller's public address and
// allows that one address (/32, or /128 for IPv6), shown in the deploy question before anything
// is created.
import { isIP } from 'node:net';

/** The service asked by default: AWS's own, answers the caller's address as one line of text. */
export const DEFAULT_MY_IP_URL = 'https://checkip.amazonaws.com';
/** Points the lookup elsewhere (a corporate egress service, or a test's loopback double). */
export const MY_IP_URL_ENV = 'LTOP_MY_IP_URL';
const VARIABLE = 'endpoint_public_access_cidrs';
const LOOKUP_TIMEOUT_MS = 10_000;

export interface PublicAccess {
  readonly cidrs: readonly string[];
  /** where they come from, for the question: "your public IP from https://checkip.amazonaws.com" */
  readonly source: string;
  /** true when ltop must pass them to Terraform (the var file and TF_VAR_ already reach it) */
  readonly derived: boolean;
}

/** No allow-list and no way to find one: a usage error (exit 2) that names what to set. */
export class PublicAccessError extends Error {
  override name = 'PublicAccessError';
}

const hint = `pass --api-cidr YOUR.IP/32 (or set ${VARIABLE} in the var file)`;

/** "203.0.113.7" -> "203.0.113.7/32"; the answer of a what-is-my-IP service, trimmed. */
export function callerCidr(answer: string, url: string): string {
  const address = answer.trim();
  const family = isIP(address);
  if (family === 0) throw new PublicAccessError(`${url} did not answer an IP address (got "${address.slice(0, 40)}"): ${hint}`);
  return `${address}/${family === 4 ? 32 : 128}`;
}

export async function lookUpCallerCidr(url: string, signal?: AbortSignal): Promise<string> {
  let response: Response;
  try {
    const timeout = AbortSignal.timeout(LOOKUP_TIMEOUT_MS);
    response = await fetch(url, { signal: signal ? AbortSignal.any([signal, timeout]) : timeout, headers: { accept: 'text/plain' } });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error as Error).message;
    throw new PublicAccessError(`cannot find your public IP for the EKS API allow-list (${url}: ${cause}): ${hint}`);
  }
  if (!response.ok) throw new PublicAccessError(`cannot find your public IP for the EKS API allow-list (${url} answered ${response.status}): ${hint}`);
  return callerCidr(await response.text(), url);
}

export interface PublicAccessInput {
  /** the var file's variables */
  readonly tfvars: Readonly<Record<string, unknown>>;
  /** --api-cidr, as given */
  readonly flagCidrs?: readonly string[];
  /** Terraform's environment: TF_VAR_endpoint_public_access_cidrs counts as given */
  readonly env: NodeJS.ProcessEnv;
  readonly signal?: AbortSignal;
}

/** What the user gave, in Terraform's order of precedence: -var (--api-cidr) over the var file over TF_VAR_; undefined when nothing. */
export function givenPublicAccess(input: Omit<PublicAccessInput, 'signal'>): PublicAccess | undefined {
  if (input.flagCidrs?.length) return { cidrs: input.flagCidrs, source: '--api-cidr', derived: true };
  const fromFile = input.tfvars[VARIABLE];
  if (Array.isArray(fromFile) && fromFile.every((value) => typeof value === 'string')) return { cidrs: fromFile as string[], source: 'the var file', derived: false };
  const fromEnv = input.env[`TF_VAR_${VARIABLE}`];
  const parsed = fromEnv ? parseList(fromEnv) : undefined;
  return parsed ? { cidrs: parsed, source: `TF_VAR_${VARIABLE}`, derived: false } : undefined;
}

/** The allow-list in force: what the user gave, else the caller's IP from the what-is-my-IP service. */
export async function resolvePublicAccess(input: PublicAccessInput): Promise<PublicAccess> {
  const given = givenPublicAccess(input);
  if (given) return given;
  const url = input.env[MY_IP_URL_ENV] || DEFAULT_MY_IP_URL;
  return { cidrs: [await lookUpCallerCidr(url, input.signal)], source: `your public IP from ${url}`, derived: true };
}

function parseList(text: string): string[] | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return Array.isArray(value) && value.every((item) => typeof item === 'string') ? value : undefined;
  } catch {
    return undefined;
  }
}

/** For the question before the apply: "EKS API endpoint open to 203.0.113.7/32 (your public IP from …)". */
export function publicAccessLine(access: PublicAccess): string {
  return `EKS API endpoint open to ${access.cidrs.join(', ')} (${access.source})`;
}

/**
 * --api-cidr's check: a CIDR Terraform's validation would also accept, never the whole internet.
 * The same rules as the variable's validation in terraform/variables.tf, found before Terraform runs.
 */
export function parseApiCidr(value: string): string {
  const text = value.trim();
  const [address, bits, ...rest] = text.split('/');
  const family = isIP(address ?? '');
  const max = family === 6 ? 128 : 32;
  const prefix = Number(bits);
  if (family === 0 || rest.length > 0 || bits === undefined || !/^\d{1,3}$/.test(bits) || prefix > max) {
    throw new PublicAccessError(`--api-cidr must be a CIDR such as 203.0.113.7/32 (got "${value}")`);
  }
  if (prefix === 0) throw new PublicAccessError(`--api-cidr ${text} would open the EKS API to the whole internet: give your own address or network, e.g. 203.0.113.7/32`);
  // AWS would widen 10.1.2.3/8 to 10.0.0.0/8 silently: the user may have meant the /32
  const network = networkOf(address!, family, prefix);
  if (network !== (family === 4 ? address : canonicalIpv6(address!))) throw new PublicAccessError(`--api-cidr ${text} has host bits set: give ${network}/${prefix} for the network, or ${address}/${max} for this address alone`);
  return text;
}

/** The address with the bits past the prefix cleared, in the family's usual notation. */
function networkOf(address: string, family: number, prefix: number): string {
  const groups = family === 4 ? address.split('.').map(Number) : ipv6Groups(address);
  const width = family === 4 ? 8 : 16;
  const masked = groups.map((group, index) => {
    const keep = Math.min(width, Math.max(0, prefix - index * width));
    return keep === 0 ? 0 : group & (((1 << keep) - 1) << (width - keep));
  });
  if (family === 4) return masked.join('.');
  // the URL parser writes IPv6 in its canonical compressed form
  return canonicalIpv6(masked.map((group) => group.toString(16)).join(':'));
}

const canonicalIpv6 = (address: string): string => new URL(`http://[${address}]`).hostname.slice(1, -1);

function ipv6Groups(address: string): number[] {
  const canonical = canonicalIpv6(address);
  const [head = '', tail] = canonical.split('::');
  const part = (text: string): number[] => (text === '' ? [] : text.split(':').map((group) => Number.parseInt(group, 16)));
  const left = part(head);
  const right = tail === undefined ? [] : part(tail);
  return [...left, ...Array<number>(8 - left.length - right.length).fill(0), ...right];
}
