// Memory of the explorer page, per JavaScript context: the page's main thread and each of its Web Workers, over the
// Chrome DevTools Protocol (Runtime.getHeapUsage after HeapProfiler.collectGarbage in each target). Shared by
// test/explore/explorer.test.ts and scripts/explore-measure.mjs (plain ESM, no type declarations).
//
// Per target, in MB (1e6 bytes): `heap_used` (V8 heap: objects, strings), `heap_total` (V8 heap reserved) and
// `array_buffers` (backing stores of ArrayBuffers / typed arrays, outside the V8 heap); `used` = heap_used + array_buffers.

const MB = 1e6;

function summarise(u) {
  return {
    heap_used_MB: u.usedSize / MB,
    heap_total_MB: u.totalSize / MB,
    array_buffers_MB: (u.backingStorageSize ?? 0) / MB,
    used_MB: (u.usedSize + (u.backingStorageSize ?? 0)) / MB,
  };
}

/**
 * Garbage-collect and measure the page and its dedicated workers.
 * @param context a playwright-core BrowserContext (Chromium)
 * @param page the explorer page
 * @returns {{ page: object, workers: object[] }} summaries as above, one per worker
 */
export async function measurePageMemory(context, page) {
  const cdp = await context.newCDPSession(page);
  try {
    // Workers are reached through the page's target: auto-attach (non-flattened) and talk to them by message.
    const attached = [];
    cdp.on('Target.attachedToTarget', (e) => {
      if (e.targetInfo.type === 'worker') attached.push(e.sessionId);
    });
    const pending = new Map();
    let next = 1;
    cdp.on('Target.receivedMessageFromTarget', (e) => {
      const m = JSON.parse(e.message);
      const p = pending.get(m.id);
      if (!p) return;
      pending.delete(m.id);
      if (m.error) p.reject(new Error(`${m.error.message} (worker target)`));
      else p.resolve(m.result);
    });
    const inWorker = (sessionId, method) =>
      new Promise((resolve, reject) => {
        const id = next++;
        pending.set(id, { resolve, reject });
        cdp.send('Target.sendMessageToTarget', { sessionId, message: JSON.stringify({ id, method, params: {} }) }).catch(reject);
      });
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: false });
    // attachedToTarget events for the existing workers arrive right after the call
    for (let k = 0; k < 20 && attached.length === 0; k++) await new Promise((r) => setTimeout(r, 50));
    const workers = [];
    for (const s of attached) {
      await inWorker(s, 'HeapProfiler.collectGarbage');
      workers.push(summarise(await inWorker(s, 'Runtime.getHeapUsage')));
    }
    await cdp.send('HeapProfiler.collectGarbage');
    const main = summarise(await cdp.send('Runtime.getHeapUsage'));
    return { page: main, workers };
  } finally {
    await cdp.detach().catch(() => undefined);
  }
}
