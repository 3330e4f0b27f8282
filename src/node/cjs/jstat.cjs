// `#jstat` under Node (package.json "imports"): jstat loaded with require(). Node 20 imports a CommonJS package from
// ESM by first scanning its whole source for export names (cjs-module-lexer, run in JavaScript): for jstat's 130 kB
// that is most of the import's CPU time (measured in docs/cli.md, "Start-up"). Requiring it from this CommonJS file
// skips that scan; `module.exports = jStat` (not `= require(…)`, which the scanner would follow) keeps it out of the
// scan too. Elsewhere (the browser bundle) `#jstat` is the package itself.
'use strict';
const jStat = require('jstat');
module.exports = jStat;
