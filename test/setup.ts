// Tests import library modules directly: install the Node host (src/node/host.ts) as the CLI and the index do.
import '../src/node/host.js';
