// Shared helper for tests on installed datasets: load one, or fail (never skip). The DatasetUnavailable error names
// the command that installs the data (`.ci/run` installs everything from ../shared/datasets before the tests).
export function tryLoad<T>(f: () => T): T {
  return f();
}
