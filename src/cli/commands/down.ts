// `ltop down --platform eks`: LoadBalancer Services first, ltop's objects, `terraform destroy`
// with one line per progress event, then the orphan check. Exit 0 only when nothing is left.
import { createEksPlatform, type EksOptions } from '../../platforms/eks/index.js';
import { ask, interactive, interruptible, platformLines, printProgress, reportFailure, type InfraCommandIo } from './infra-io.js';

export interface DownOptions extends EksOptions {
  /** --yes: no need to type the cluster name (required when stdin is not a terminal) */
  readonly yes?: boolean;
}

export async function downCommand(options: DownOptions, io: InfraCommandIo): Promise<number> {
  if (!options.yes && !interactive(io)) {
    io.error('ltop down: stdin is not a terminal, so ltop cannot ask you to type the cluster name: pass --yes');
    return 2;
  }
  const platform = createEksPlatform(options, platformLines(io));
  const interrupt = interruptible(io);
  try {
    const status = await platform.infra.status();
    io.line(status.exists ? `destroying ${status.summary}` : `${status.summary}: destroying what the state holds, then checking AWS for anything left`);
    if (!options.yes) {
      const typed = await ask(io, `Type the cluster name (${platform.confirmName}) to destroy it: `);
      if (typed === undefined) {
        io.line('\nnot destroyed (no name typed)');
        return 1;
      }
      if (typed.trim() !== platform.confirmName) {
        io.line('not destroyed (the name did not match)');
        return 1;
      }
    }
    await platform.infra.destroy(printProgress(io), interrupt.signal);
    return 0;
  } catch (error) {
    return reportFailure('down', error, io);
  } finally {
    interrupt.stop();
    await platform.detach();
  }
}
