// `#ml-matrix` under Node (package.json "imports"): ml-matrix loaded with require(), for the reason given in
// ./jstat.cjs (its CommonJS build is 150 kB; docs/cli.md, "Start-up"). The names below are the ones the code uses;
// each `exports.X =` is what gives the ESM importer a named export X.
'use strict';
const mlMatrix = require('ml-matrix');
exports.Matrix = mlMatrix.Matrix;
exports.CholeskyDecomposition = mlMatrix.CholeskyDecomposition;
exports.EigenvalueDecomposition = mlMatrix.EigenvalueDecomposition;
exports.inverse = mlMatrix.inverse;
