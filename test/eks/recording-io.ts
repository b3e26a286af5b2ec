// What `ltop up`/`ltop down` print, recorded: stdout lines, stderr lines, and both in order.
// With an answer, it stands for a terminal: each question is recorded and answered so.
import type { InfraCommandIo } from '../../src/cli/commands/infra-io.js';

export function recordingIo(answer?: string): InfraCommandIo & { lines: string[]; errors: string[]; all: string[]; questions: string[] } {
  const lines: string[] = [];
  const errors: string[] = [];
  const all: string[] = [];
  const questions: string[] = [];
  return {
    lines,
    errors,
    all,
    questions,
    interactive: answer !== undefined,
    line: (text) => void (lines.push(text), all.push(text)),
    error: (text) => void (errors.push(text), all.push(text)),
    ...(answer !== undefined ? { ask: async (question: string) => (questions.push(question), all.push(`? ${question}`), answer) } : {}),
    onInterrupt: () => () => undefined,
  };
}
