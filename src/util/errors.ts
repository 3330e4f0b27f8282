/**
 * Error taxonomy for cevnsfit. Every error says what is wrong and, where possible, how to fix it.
 * The CLI maps any CevnsfitError to a one-line message (and a JSON `error` object with --json).
 */
export class CevnsfitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A config, workspace or spec that does not satisfy its schema; `path` is the offending key path (e.g. `channels[0].samples[2].data`). */
export class InvalidSpecification extends CevnsfitError {
  constructor(
    message: string,
    public readonly path: string = '',
  ) {
    super(path ? `${path}: ${message}` : message);
  }
}

/** A model that is well-formed but inconsistent (duplicate names, bin counts that do not match, a missing POI). */
export class InvalidModel extends CevnsfitError {}

/** Parameter values or data of the wrong shape or out of range given to an evaluation. */
export class InvalidParameters extends CevnsfitError {}

/** A data file that cannot be read: names the file and (where known) the 1-based line. */
export class DataFormatError extends CevnsfitError {
  constructor(
    public readonly file: string,
    public readonly line: number | null,
    detail: string,
  ) {
    super(line === null ? `${file}: ${detail}` : `${file}:${line}: ${detail}`);
  }
}

/** A dataset that is not installed or fails its checksum; the message names the command that fixes it. */
export class DatasetUnavailable extends CevnsfitError {}

/** A numerical procedure that failed (minimisation, root finding); carries the partial result when there is one. */
export class FailedMinimization extends CevnsfitError {
  constructor(
    message: string,
    public readonly result?: unknown,
  ) {
    super(message);
  }
}

/** An expected count that is NaN: names where it arose (channel, sample, bin) and the parameter values, in the message. */
export class NonFiniteExpectation extends CevnsfitError {
  constructor(
    public readonly channel: string | null,
    public readonly sample: string | null,
    public readonly bin: number | null,
    message: string,
  ) {
    super(message);
  }
}
