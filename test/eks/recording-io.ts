// What `ltop up`/`ltop down` print, recorded: stdout lines, stderr lines, and both in order.
import type { InfraCommandIo } from '../../src/cli/commands/infra-io.js';

export function recordingIo(): InfraCommandIo & { lines: string[]; errors: string[]; all: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  const all: string[] = [];
  return {
    lines,
    errors,
    all,
    interactive: false,
    line: (text) => void (lines.push(text), all.push(text)),
    error: (text) => void (errors.push(text), all.push(text)),
    onInterrupt: () => () => undefined,
  };
}
