// An error that is the user's to fix (a bad flag, a missing tool): one line, exit 2.
export class UsageError extends Error {}
