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

// The float64 kernels: 8 points per instruction, e^t within 2 ulps of math.Exp
// (Taylor polynomial of degree 13 after range reduction: truncation below
// 2e-17 relative for |r| ≤ ln2/2; ln2hi has 32 trailing zero bits, so
// k·ln2hi is exact for |k| < 2^21).

DATA msconst64<>+0(SB)/8, $0x3ff71547652b82fe // log2e
DATA msconst64<>+8(SB)/8, $0x3fe62e42fee00000 // ln2hi
DATA msconst64<>+16(SB)/8, $0x3dea39ef35793c76 // ln2lo
DATA msconst64<>+24(SB)/8, $0x3de6124613a86d09 // 1/13!
DATA msconst64<>+32(SB)/8, $0x3e21eed8eff8d898 // 1/12!
DATA msconst64<>+40(SB)/8, $0x3e5ae64567f544e4 // 1/11!
DATA msconst64<>+48(SB)/8, $0x3e927e4fb7789f5c // 1/10!
DATA msconst64<>+56(SB)/8, $0x3ec71de3a556c734 // 1/9!
DATA msconst64<>+64(SB)/8, $0x3efa01a01a01a01a // 1/8!
DATA msconst64<>+72(SB)/8, $0x3f2a01a01a01a01a // 1/7!
DATA msconst64<>+80(SB)/8, $0x3f56c16c16c16c17 // 1/6!
DATA msconst64<>+88(SB)/8, $0x3f81111111111111 // 1/5!
DATA msconst64<>+96(SB)/8, $0x3fa5555555555555 // 1/4!
DATA msconst64<>+104(SB)/8, $0x3fc5555555555555 // 1/3!
DATA msconst64<>+112(SB)/8, $0x3fe0000000000000 // 1/2!
DATA msconst64<>+120(SB)/8, $0x3ff0000000000000 // 1
DATA msconst64<>+128(SB)/8, $0xc087500000000000 // -746
DATA msconst64<>+136(SB)/8, $0x7ff0000000000000 // +Inf
GLOBL msconst64<>(SB), RODATA|NOPTR, $144

// func msMin2AVX512D(x0, x1 *float64, n int, q0, q1 float64, out *[8]float64)
//
// out[l] = min over the points i ≡ l (mod 8) of fma(e1, e1, e0·e0), e = x − q.
TEXT ·msMin2AVX512D(SB), NOSPLIT, $0-48
	MOVQ         x0+0(FP), SI
	MOVQ         x1+8(FP), DI
	MOVQ         n+16(FP), CX
	VBROADCASTSD q0+24(FP), Z0
	VBROADCASTSD q1+32(FP), Z1
	MOVQ         out+40(FP), DX
	VBROADCASTSD msconst64<>+136(SB), Z2
	XORQ         AX, AX

dminloop:
	LEAQ        8(AX), R8
	CMPQ        R8, CX
	JGT         dmintail
	VMOVUPD     (SI)(AX*8), Z3
	VMOVUPD     (DI)(AX*8), Z4
	VSUBPD      Z0, Z3, Z3
	VSUBPD      Z1, Z4, Z4
	VMULPD      Z3, Z3, Z3
	VFMADD231PD Z4, Z4, Z3
	VMINPD      Z3, Z2, Z2
	ADDQ        $8, AX
	JMP         dminloop

dmintail:
	CMPQ        AX, CX
	JGE         dmindone
	MOVQ        CX, R8
	SUBQ        AX, R8
	MOVQ        R8, CX
	MOVL        $1, BX
	SHLL        CX, BX
	DECL        BX
	KMOVW       BX, K1              // the n − AX remaining lanes
	VMOVUPD.Z   (SI)(AX*8), K1, Z3
	VMOVUPD.Z   (DI)(AX*8), K1, Z4
	VSUBPD      Z0, Z3, Z3
	VSUBPD      Z1, Z4, Z4
	VMULPD      Z3, Z3, Z3
	VFMADD231PD Z4, Z4, Z3
	VMINPD      Z3, Z2, K1, Z2

dmindone:
	VMOVUPD Z2, (DX)
	VZEROUPPER
	RET


// func msSum2AVX512D(x0, x1 *float64, n int, q0, q1, lo, c float64, out *[24]float64)
//
// out[l], out[8+l], out[16+l] are the sums over the points i ≡ l (mod 8) of
// w_i, w_i·e0_i and w_i·e1_i, w_i = exp((D_i − lo)·c), as msSum2AVX512.
TEXT ·msSum2AVX512D(SB), NOSPLIT, $0-64
	MOVQ         x0+0(FP), SI
	MOVQ         x1+8(FP), DI
	MOVQ         n+16(FP), CX
	VBROADCASTSD q0+24(FP), Z0
	VBROADCASTSD q1+32(FP), Z1
	VBROADCASTSD lo+40(FP), Z2
	VBROADCASTSD c+48(FP), Z3
	MOVQ         out+56(FP), DX
	VBROADCASTSD msconst64<>+0(SB), Z4
	VBROADCASTSD msconst64<>+8(SB), Z5
	VBROADCASTSD msconst64<>+16(SB), Z6
	VBROADCASTSD msconst64<>+24(SB), Z7
	VBROADCASTSD msconst64<>+32(SB), Z8
	VBROADCASTSD msconst64<>+40(SB), Z9
	VBROADCASTSD msconst64<>+48(SB), Z10
	VBROADCASTSD msconst64<>+56(SB), Z11
	VBROADCASTSD msconst64<>+64(SB), Z12
	VBROADCASTSD msconst64<>+72(SB), Z13
	VBROADCASTSD msconst64<>+80(SB), Z14
	VBROADCASTSD msconst64<>+88(SB), Z15
	VBROADCASTSD msconst64<>+96(SB), Z16
	VBROADCASTSD msconst64<>+104(SB), Z17
	VBROADCASTSD msconst64<>+112(SB), Z18
	VBROADCASTSD msconst64<>+120(SB), Z19
	VBROADCASTSD msconst64<>+128(SB), Z20
	VPXORQ       Z21, Z21, Z21
	VPXORQ       Z22, Z22, Z22
	VPXORQ       Z23, Z23, Z23
	XORQ         AX, AX

dsumloop:
	LEAQ         8(AX), R8
	CMPQ         R8, CX
	JGT          dsumtail
	VMOVUPD      (SI)(AX*8), Z24
	VMOVUPD      (DI)(AX*8), Z25
	VSUBPD       Z0, Z24, Z24       // e0
	VSUBPD       Z1, Z25, Z25       // e1
	VMULPD       Z24, Z24, Z26
	VFMADD231PD  Z25, Z25, Z26      // D
	VSUBPD       Z2, Z26, Z26
	VMULPD       Z3, Z26, Z26       // t = (D − lo)·c ≤ 0
	VMAXPD       Z20, Z26, Z26      // t ≥ −746
	VMULPD       Z4, Z26, Z27
	VRNDSCALEPD  $0, Z27, Z27       // k = round(t·log2 e)
	VFNMADD231PD Z5, Z27, Z26       // r = t − k·ln2hi (exact)
	VFNMADD231PD Z6, Z27, Z26       // r −= k·ln2lo
	VMOVAPD      Z7, Z28            // p = 1/13!
	VFMADD213PD  Z8, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z9, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z10, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z11, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z12, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z13, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z14, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z15, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z16, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z17, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z18, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z19, Z26, Z28
	VFMADD213PD  Z19, Z26, Z28      // p(r) = Σ r^j/j!, j ≤ 13
	VSCALEFPD    Z27, Z28, Z28      // w = p·2^k
	VADDPD       Z28, Z21, Z21
	VFMADD231PD  Z28, Z24, Z22
	VFMADD231PD  Z28, Z25, Z23
	ADDQ         $8, AX
	JMP          dsumloop

dsumtail:
	CMPQ         AX, CX
	JGE          dsumdone
	MOVQ         CX, R8
	SUBQ         AX, R8
	MOVQ         R8, CX
	MOVL         $1, BX
	SHLL         CX, BX
	DECL         BX
	KMOVW        BX, K1             // the n − AX remaining lanes
	VMOVUPD.Z    (SI)(AX*8), K1, Z24
	VMOVUPD.Z    (DI)(AX*8), K1, Z25
	VSUBPD       Z0, Z24, Z24       // e0
	VSUBPD       Z1, Z25, Z25       // e1
	VMULPD       Z24, Z24, Z26
	VFMADD231PD  Z25, Z25, Z26      // D
	VSUBPD       Z2, Z26, Z26
	VMULPD       Z3, Z26, Z26       // t = (D − lo)·c ≤ 0
	VMAXPD       Z20, Z26, Z26      // t ≥ −746
	VMULPD       Z4, Z26, Z27
	VRNDSCALEPD  $0, Z27, Z27       // k = round(t·log2 e)
	VFNMADD231PD Z5, Z27, Z26       // r = t − k·ln2hi (exact)
	VFNMADD231PD Z6, Z27, Z26       // r −= k·ln2lo
	VMOVAPD      Z7, Z28            // p = 1/13!
	VFMADD213PD  Z8, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z9, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z10, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z11, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z12, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z13, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z14, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z15, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z16, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z17, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z18, Z26, Z28      // p = p·r + c
	VFMADD213PD  Z19, Z26, Z28
	VFMADD213PD  Z19, Z26, Z28      // p(r) = Σ r^j/j!, j ≤ 13
	VSCALEFPD    Z27, Z28, Z28      // w = p·2^k
	VADDPD       Z28, Z21, K1, Z21
	VFMADD231PD  Z28, Z24, K1, Z22
	VFMADD231PD  Z28, Z25, K1, Z23

dsumdone:
	VMOVUPD Z21, (DX)
	VMOVUPD Z22, 64(DX)
	VMOVUPD Z23, 128(DX)
	VZEROUPPER
	RET
