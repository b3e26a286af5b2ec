// `ltop image push`: the runtime image built with the local Docker, pushed to the stack's ECR
// repository (signed in with the SDK's credentials), and recorded so the next deploy runs it.
// Exit 2 when something the user must provide is missing (Docker, a stack, credentials), 1 when
// a docker step fails.
import { ECRClient } from '@aws-sdk/client-ecr';
import { checkCredentials, resolveAwsContext } from '../../aws/context.js';
import { checkDocker, DockerUnavailable } from '../../aws/docker.js';
import { AwsCredentialsError, AwsRegionError } from '../../aws/errors.js';
import { pushImage } from '../../aws/image-push.js';
import { projectRoot } from '../../paths.js';
import { TerraformNotFoundError } from '../../terraform/index.js';
import { EksStackMissingError } from './errors.js';
import { recordPushedImage } from './image-overlay.js';
import { DEFAULT_STACK_DIR, type EksOptions } from './options.js';
import { EksStack } from './stack.js';

export interface ImagePushIo {
  readonly line: (text: string) => void;
  readonly error: (text: string) => void;
}

export interface ImagePushOptions extends Pick<EksOptions, 'region' | 'profile' | 'varFile' | 'stackDir' | 'env'> {
  /** the docker command (default docker on PATH) */
  readonly docker?: string;
  /** where runtime/Dockerfile is built from (default the project root) */
  readonly context?: string;
  readonly signal?: AbortSignal;
}

export async function imagePushCommand(options: ImagePushOptions, io: ImagePushIo): Promise<number> {
  const env = options.env ?? process.env;
  const stackDir = options.stackDir ?? DEFAULT_STACK_DIR;
  let ecr: ECRClient | undefined;
  try {
    const engine = await checkDocker(options.docker, env);
    io.line(`docker engine ${engine.serverVersion}`);
    const outputs = await new EksStack(stackDir, options.varFile, env).outputs();
    if (!outputs) throw new EksStackMissingError(stackDir);
    if (!outputs.ecrRepositoryUrl) {
      io.error(`ltop image push: the stack in ${stackDir} has no ecr_repository_url output (terraform/outputs.tf has it: run ltop up to bring the stack up to date)`);
      return 2;
    }
    const aws = await resolveAwsContext({ ...(options.region ? { region: options.region } : outputs.region ? { region: outputs.region } : {}), ...(options.profile ? { profile: options.profile } : {}) });
    await checkCredentials(aws);
    ecr = new ECRClient(aws.clientConfig);
    const { image } = await pushImage({ ecr, repositoryUrl: outputs.ecrRepositoryUrl, cwd: options.context ?? projectRoot, env, onLine: io.line, ...(options.docker ? { docker: options.docker } : {}), ...(options.signal ? { signal: options.signal } : {}) });
    recordPushedImage(stackDir, image);
    io.line(`pushed ${image}`);
    io.line(`the next deploy into cluster ${outputs.clusterName} runs it (ltop up, d in the cockpit, or a scenario switch); delete ${stackDir}/.ltop/image.json to go back to the official Locust image`);
    return 0;
  } catch (error) {
    if (error instanceof DockerUnavailable || error instanceof EksStackMissingError || error instanceof AwsCredentialsError || error instanceof AwsRegionError || error instanceof TerraformNotFoundError) {
      io.error(`ltop image push: ${error.message}`);
      return 2;
    }
    io.error(`ltop image push: ${error instanceof Error ? error.message : String(error)}`);
    return 1;
  } finally {
    ecr?.destroy();
  }
}
