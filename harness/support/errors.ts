// Errors the user can fix. Lives below every layer so the CLI, the clusters and the scenarios can all
// raise it without depending on one another.

/** Input the user can fix (bad option, missing image, impossible fault for the platform). */
export class BadInputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BadInputError';
  }
}

/**
 * A complaint about one setting, quoting it as the user typed it: `--platform foo: …` for a flag,
 * `FRH_PLATFORM=foo: …` for an environment variable, so they know which one to fix.
 */
export function settingError(name: string, value: string, problem: string): BadInputError {
  return new BadInputError(`${quoteSetting(name, value)}: ${problem}`);
}

export function quoteSetting(name: string, value: string): string {
  return name.startsWith('-') ? `${name} ${value}` : `${name}=${value}`;
}
