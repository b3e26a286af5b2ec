// What can go wrong in the eks lifecycle, each with the lines a person reads and the next step.

/** terraform output has no cluster: nothing was deployed from this stack directory yet. */
export class EksStackMissingError extends Error {
  override name = 'EksStackMissingError';
  constructor(stackDir: string) {
    super(`no EKS stack in ${stackDir}: press d or run \`ltop up --platform eks\``);
  }
}

/** Terraform failed (init, plan, apply, destroy); `lines` are its diagnostics and what exists. */
export class InfraFailedError extends Error {
  override name = 'InfraFailedError';
  constructor(
    message: string,
    readonly lines: readonly string[],
  ) {
    super(message);
  }
}

/** Cancelled: Terraform got one interrupt and stopped cleanly; `lines` say what exists now. */
export class InfraCancelledError extends Error {
  override name = 'InfraCancelledError';
  constructor(
    message: string,
    readonly lines: readonly string[],
  ) {
    super(message);
  }
}

/** The destroy ran, but the orphan check found something left (or could not look everywhere). */
export class OrphansLeftError extends Error {
  override name = 'OrphansLeftError';
  constructor(readonly lines: readonly string[]) {
    super(lines[0] ?? 'resources left in AWS');
  }
}
