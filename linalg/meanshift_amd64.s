#include "textflag.h"

// The float32 Gaussian mean shift sums of 2-D points in AVX-512, 16 points
// per instruction (see meanshift_amd64.go). The points are given as two
// arrays of coordinates (structure of arrays), already divided by σ; the
// last n mod 16 points are read with a mask (masked-off lanes are neither
// loaded nor counted).

DATA msconst<>+0(SB)/4, $0x3fb8aa3b  // log2(e)
DATA msconst<>+4(SB)/4, $0x3f318000  // ln2hi = 0.693359375
DATA msconst<>+8(SB)/4, $0xb95e8083  // ln2lo = ln 2 − ln2hi
DATA msconst<>+12(SB)/4, $0x3ab60b61 // 1/720
DATA msconst<>+16(SB)/4, $0x3c088889 // 1/120
DATA msconst<>+20(SB)/4, $0x3d2aaaab // 1/24
DATA msconst<>+24(SB)/4, $0x3e2aaaab // 1/6
DATA msconst<>+28(SB)/4, $0x3f000000 // 1/2
DATA msconst<>+32(SB)/4, $0x3f800000 // 1
DATA msconst<>+36(SB)/4, $0xc2d00000 // −104: below it e^t is 0 in float32
DATA msconst<>+40(SB)/4, $0x7f800000 // +Inf
GLOBL msconst<>(SB), RODATA|NOPTR, $44

// func msMin2AVX512(x0, x1 *float32, n int, q0, q1 float32, out *[16]float32)
//
// out[l] = min over the points i ≡ l (mod 16) of (x0_i − q0)² + (x1_i − q1)²,
// the square computed as fma(e1, e1, e0·e0).
TEXT ·msMin2AVX512(SB), NOSPLIT, $0-40
	MOVQ         x0+0(FP), SI
	MOVQ         x1+8(FP), DI
	MOVQ         n+16(FP), CX
	VBROADCASTSS q0+24(FP), Z0
	VBROADCASTSS q1+28(FP), Z1
	MOVQ         out+32(FP), DX
	VBROADCASTSS msconst<>+40(SB), Z2
	XORQ         AX, AX

minloop:
	LEAQ        16(AX), R8
	CMPQ        R8, CX
	JGT         mintail
	VMOVUPS     (SI)(AX*4), Z3
	VMOVUPS     (DI)(AX*4), Z4
	VSUBPS      Z0, Z3, Z3
	VSUBPS      Z1, Z4, Z4
	VMULPS      Z3, Z3, Z3
	VFMADD231PS Z4, Z4, Z3
	VMINPS      Z3, Z2, Z2
	ADDQ        $16, AX
	JMP         minloop

mintail:
	CMPQ        AX, CX
	JGE         mindone
	MOVQ        CX, R8
	SUBQ        AX, R8
	MOVQ        R8, CX
	MOVL        $1, BX
	SHLL        CX, BX
	DECL        BX
	KMOVW       BX, K1              // the n − AX remaining lanes
	VMOVUPS.Z   (SI)(AX*4), K1, Z3
	VMOVUPS.Z   (DI)(AX*4), K1, Z4
	VSUBPS      Z0, Z3, Z3
	VSUBPS      Z1, Z4, Z4
	VMULPS      Z3, Z3, Z3
	VFMADD231PS Z4, Z4, Z3
	VMINPS      Z3, Z2, K1, Z2

mindone:
	VMOVUPS Z2, (DX)
	VZEROUPPER
	RET

// func msSum2AVX512(x0, x1 *float32, n int, q0, q1, lo, c float32, out *[48]float32)
//
// With e_i = x_i − q, D_i = |e_i|² (as msMin2AVX512 computes it) and
// w_i = exp((D_i − lo)·c), out[l], out[16+l], out[32+l] are the sums over
// the points i ≡ l (mod 16) of w_i, w_i·e0_i and w_i·e1_i. exp(t) is
// 2^k·p(r), t = k·ln 2 + r, |r| ≤ ln2/2, p the degree-6 Taylor polynomial,
// t clamped at −104 (where the result is 0 or a subnormal).
TEXT ·msSum2AVX512(SB), NOSPLIT, $0-48
	MOVQ         x0+0(FP), SI
	MOVQ         x1+8(FP), DI
	MOVQ         n+16(FP), CX
	VBROADCASTSS q0+24(FP), Z0
	VBROADCASTSS q1+28(FP), Z1
	VBROADCASTSS lo+32(FP), Z2
	VBROADCASTSS c+36(FP), Z3
	MOVQ         out+40(FP), DX
	VBROADCASTSS msconst<>+0(SB), Z4
	VBROADCASTSS msconst<>+4(SB), Z6
	VBROADCASTSS msconst<>+8(SB), Z7
	VBROADCASTSS msconst<>+12(SB), Z8
	VBROADCASTSS msconst<>+16(SB), Z9
	VBROADCASTSS msconst<>+20(SB), Z10
	VBROADCASTSS msconst<>+24(SB), Z11
	VBROADCASTSS msconst<>+28(SB), Z12
	VBROADCASTSS msconst<>+32(SB), Z13
	VBROADCASTSS msconst<>+36(SB), Z15
	VPXORD       Z16, Z16, Z16
	VPXORD       Z17, Z17, Z17
	VPXORD       Z18, Z18, Z18
	XORQ         AX, AX

sumloop:
	LEAQ         16(AX), R8
	CMPQ         R8, CX
	JGT          sumtail
	VMOVUPS      (SI)(AX*4), Z19
	VMOVUPS      (DI)(AX*4), Z20
	VSUBPS       Z0, Z19, Z19       // e0
	VSUBPS       Z1, Z20, Z20       // e1
	VMULPS       Z19, Z19, Z21
	VFMADD231PS  Z20, Z20, Z21      // D
	VSUBPS       Z2, Z21, Z21
	VMULPS       Z3, Z21, Z21       // t = (D − lo)·c ≤ 0
	VMAXPS       Z15, Z21, Z21      // t ≥ −104
	VMULPS       Z4, Z21, Z22
	VRNDSCALEPS  $0, Z22, Z22       // k = round(t·log2 e)
	VFNMADD231PS Z6, Z22, Z21       // r = t − k·ln2hi (exact)
	VFNMADD231PS Z7, Z22, Z21       // r −= k·ln2lo
	VMOVAPS      Z8, Z23
	VFMADD213PS  Z9, Z21, Z23       // p = p·r + 1/120
	VFMADD213PS  Z10, Z21, Z23
	VFMADD213PS  Z11, Z21, Z23
	VFMADD213PS  Z12, Z21, Z23
	VFMADD213PS  Z13, Z21, Z23
	VFMADD213PS  Z13, Z21, Z23      // p(r) = 1 + r + … + r⁶/720
	VSCALEFPS    Z22, Z23, Z23      // w = p·2^k
	VADDPS       Z23, Z16, Z16
	VFMADD231PS  Z23, Z19, Z17
	VFMADD231PS  Z23, Z20, Z18
	ADDQ         $16, AX
	JMP          sumloop

sumtail:
	CMPQ         AX, CX
	JGE          sumdone
	MOVQ         CX, R8
	SUBQ         AX, R8
	MOVQ         R8, CX
	MOVL         $1, BX
	SHLL         CX, BX
	DECL         BX
	KMOVW        BX, K1             // the n − AX remaining lanes
	VMOVUPS.Z    (SI)(AX*4), K1, Z19
	VMOVUPS.Z    (DI)(AX*4), K1, Z20
	VSUBPS       Z0, Z19, Z19       // e0
	VSUBPS       Z1, Z20, Z20       // e1
	VMULPS       Z19, Z19, Z21
	VFMADD231PS  Z20, Z20, Z21      // D
	VSUBPS       Z2, Z21, Z21
	VMULPS       Z3, Z21, Z21       // t = (D − lo)·c ≤ 0
	VMAXPS       Z15, Z21, Z21      // t ≥ −104
	VMULPS       Z4, Z21, Z22
	VRNDSCALEPS  $0, Z22, Z22       // k = round(t·log2 e)
	VFNMADD231PS Z6, Z22, Z21       // r = t − k·ln2hi (exact)
	VFNMADD231PS Z7, Z22, Z21       // r −= k·ln2lo
	VMOVAPS      Z8, Z23
	VFMADD213PS  Z9, Z21, Z23       // p = p·r + 1/120
	VFMADD213PS  Z10, Z21, Z23
	VFMADD213PS  Z11, Z21, Z23
	VFMADD213PS  Z12, Z21, Z23
	VFMADD213PS  Z13, Z21, Z23
	VFMADD213PS  Z13, Z21, Z23      // p(r) = 1 + r + … + r⁶/720
	VSCALEFPS    Z22, Z23, Z23      // w = p·2^k
	VADDPS       Z23, Z16, K1, Z16
	VFMADD231PS  Z23, Z19, K1, Z17
	VFMADD231PS  Z23, Z20, K1, Z18

sumdone:
	VMOVUPS Z16, (DX)
	VMOVUPS Z17, 64(DX)
	VMOVUPS Z18, 128(DX)
	VZEROUPPER
	RET
