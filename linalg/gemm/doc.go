// Package gemm is the matrix-product ladder of lesson 12: the same product
// C = op(A)·op(B) written eight ways, from the textbook triple loop to
// packed, cache-blocked, register-blocked SIMD kernels on every core, each
// rung a named function generic over float32 and float64 (see Rungs).
package gemm
