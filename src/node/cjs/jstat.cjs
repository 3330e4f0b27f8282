// `#jstat` under Node (package.json "imports"): jstat loaded with require(). Node 20 imports a CommonJS package from
// ESM by first scanning its whole source for export names (cjs-module-lexer, run in JavaScript): 35–50 ms of CPU for
// jstat's 130 kB. Requiring it from this CommonJS file skips that scan; `module.exports = jStat` (not
// `= require(…)`, which the scanner would follow) keeps it out of the scan too. Elsewhere (the browser bundle) `#jstat`
// is the package itself. docs/cli.md, "Start-up".
'use strict';
const jStat = require('jstat');
module.exports = jStat;
