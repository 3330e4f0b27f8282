// Shared helpers for detector tests: load an installed dataset or return null (tests then skip, naming the install command).
export function tryLoad<T>(f: () => T): T | null {
  try {
    return f();
  } catch (e) {
    if ((e as Error).name === 'DatasetUnavailable') return null;
    throw e;
  }
}
