// What can go wrong in the eks lifecycle, each with the lines a person reads and the next step.

/** terraform output has no cluster: nothing was deployed from this stack directory yet. */
export class EksStackMissingError extends Error {
  override name = 'EksStackMissingError';
  /** isInfraMissing: nothing deployed yet, which `d` or ltop up creates */
  readonly infraMissing = true;
  constructor(stackDir: string) {
    super(`no EKS stack in ${stackDir}: press d or run \`ltop up --platform eks\``);
  }
}

/** A Terraform run that did not finish: the message, then `lines` (diagnostics, what exists now). */
abstract class InfraRunError extends Error {
  constructor(
    message: string,
    readonly lines: readonly string[],
  ) {
    super(message);
  }
}

/** Terraform failed (init, plan, apply, destroy). */
export class InfraFailedError extends InfraRunError {
  override name = 'InfraFailedError';
}

/** Cancelled: Terraform got one interrupt and stopped cleanly. */
export class InfraCancelledError extends InfraRunError {
  override name = 'InfraCancelledError';
}

/** The destroy ran, but the orphan check found something left (or could not look everywhere). */
export class OrphansLeftError extends Error {
  override name = 'OrphansLeftError';
  constructor(readonly lines: readonly string[]) {
    super(lines[0] ?? 'resources left in AWS');
  }
}
