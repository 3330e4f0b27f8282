export { Matrix, CholeskyDecomposition, EigenvalueDecomposition, inverse } from 'ml-matrix';
