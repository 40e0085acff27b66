// Command asmgen writes gemm's SIMD micro-kernels in Go assembly with avo
// (github.com/mmcloughlin/avo). It is run by go generate in package gemm:
//
//	go run ./internal/asmgen -out kernels_amd64.s -stubs kernels_stubs_amd64.go -pkg gemm
//
// Every kernel has the signature
//
//	func name(k int, a, b, c *T, ldc int)
//
// and adds the product of a packed micro-panel of A (mr rows, a[p*mr+i])
// and one of B (nr = nv·lanes columns, b[p*nr+j]) into the mr×nr tile of C
// at c with leading dimension ldc (in elements):
//
//	c[i*ldc+j] += Σ_p a[p*mr+i] · b[p*nr+j]
//
// The tile lives in mr·nv vector registers for the whole loop over p; each
// step loads nv vectors of B, broadcasts each of the mr elements of A and
// multiply-adds (one rounding per term, FMA) into the accumulators.
package main

import (
	"fmt"

	. "github.com/mmcloughlin/avo/build"
	. "github.com/mmcloughlin/avo/operand"
	"github.com/mmcloughlin/avo/reg"
)

// isa is an instruction set: its vector registers and their width.
type isa struct {
	name  string
	bytes int                   // vector width in bytes
	vec   func() reg.VecVirtual // a fresh virtual vector register
	bcast bool                  // FMA with an embedded broadcast from memory (AVX-512)
}

var (
	avx512 = isa{name: "avx512", bytes: 64, vec: ZMM, bcast: true}
	avx2   = isa{name: "avx2", bytes: 32, vec: YMM}
)

// elem is an element type with its instructions.
type elem struct {
	name, goType string
	size         int
	load, store  func(...Op)
	bcast        func(...Op)
	fma, fmaBcst func(...Op)
	add          func(...Op)
	xor          func(...Op)
	loadZ        func(m, k, dst Op) // masked load, zeroing the lanes masked out
}

var (
	f64 = elem{"f64", "float64", 8, VMOVUPD, VMOVUPD, VBROADCASTSD, VFMADD231PD, VFMADD231PD_BCST, VADDPD, VXORPD, VMOVUPD_Z}
	f32 = elem{"f32", "float32", 4, VMOVUPS, VMOVUPS, VBROADCASTSS, VFMADD231PS, VFMADD231PS_BCST, VADDPS, VXORPS, VMOVUPS_Z}
)

// kernel writes the micro-kernel of mr rows and nv vectors of columns.
func kernel(s isa, e elem, mr, nv int) {
	lanes := s.bytes / e.size
	name := fmt.Sprintf("%s_%s_%dx%d", s.name, e.name, mr, nv*lanes)
	TEXT(name, NOSPLIT, fmt.Sprintf("func(k int, a, b, c *%s, ldc int)", e.goType))
	Doc(fmt.Sprintf("%s adds a packed %d×k panel of A times a packed k×%d panel of B into the %d×%d tile of C at c (leading dimension ldc, in elements).", name, mr, nv*lanes, mr, nv*lanes))
	k := Load(Param("k"), GP64())
	a := Load(Param("a"), GP64())
	b := Load(Param("b"), GP64())
	c := Load(Param("c"), GP64())
	ldc := Load(Param("ldc"), GP64())
	shift := map[int]uint64{4: 2, 8: 3}[e.size]
	SHLQ(Imm(shift), ldc) // ldc in bytes

	acc := make([][]reg.VecVirtual, mr)
	for i := range acc {
		acc[i] = make([]reg.VecVirtual, nv)
		for v := range acc[i] {
			acc[i][v] = s.vec()
			e.xor(acc[i][v], acc[i][v], acc[i][v])
		}
	}
	bv := make([]reg.VecVirtual, nv)
	for v := range bv {
		bv[v] = s.vec()
	}
	var t reg.VecVirtual
	if !(s.bcast && nv == 1) {
		t = s.vec()
	}

	TESTQ(k, k)
	JZ(LabelRef("store"))
	Label("loop")
	for v := range bv {
		e.load(Mem{Base: b, Disp: v * s.bytes}, bv[v])
	}
	for i := 0; i < mr; i++ {
		ai := Mem{Base: a, Disp: i * e.size}
		if s.bcast && nv == 1 {
			// One FMA per element of A: broadcast it from memory inside the FMA.
			e.fmaBcst(ai, bv[0], acc[i][0])
			continue
		}
		e.bcast(ai, t)
		for v := range bv {
			e.fma(t, bv[v], acc[i][v])
		}
	}
	ADDQ(Imm(uint64(mr*e.size)), a)
	ADDQ(Imm(uint64(nv*s.bytes)), b)
	DECQ(k)
	JNZ(LabelRef("loop"))

	Label("store")
	for i := 0; i < mr; i++ {
		for v := 0; v < nv; v++ {
			ci := Mem{Base: c, Disp: v * s.bytes}
			e.add(ci, acc[i][v], acc[i][v])
			e.store(acc[i][v], ci)
		}
		if i < mr-1 {
			ADDQ(ldc, c)
		}
	}
	VZEROUPPER()
	RET()
}

// rowsKernel writes the variant of kernel that reads A where it lies, row-major
// with leading dimension lda (in elements), instead of from a packed panel:
//
//	func name(k int, a *T, lda int, b, c *T, ldc int)
//	c[i*ldc+j] += Σ_p a[i*lda+p] · b[p*nr+j]
//
// For a product only one micro-panel wide (the lesson's n = 10) every
// element of A is used once, and packing it would cost more than the
// multiply-adds. Row i is addressed as base_{i/8} + (i mod 8)·lda through
// the index registers lda, 3·lda, 5·lda and 7·lda with scales 1, 2 and 4.
func rowsKernel(s isa, e elem, mr, nv int) { rowsKernelB(s, e, mr, nv, false) }

// rowsMaskKernel writes the variant of rowsKernel (AVX-512 only) that also
// reads B where it lies, row-major with leading dimension ldb, its last
// vector of columns through a mask of the columns that exist:
//
//	func name(k int, a *T, lda int, b *T, ldb int, c *T, ldc int, mask int)
//	c[i*ldc+j] += Σ_p a[i*lda+p] · b[p*ldb+j],   j < (nv−1)·lanes + popcount(mask)
//
// For a product at most one micro-panel wide (the lesson's n = 10) nothing
// is packed at all; masked lanes are neither read nor written.
func rowsMaskKernel(s isa, e elem, mr, nv int) { rowsKernelB(s, e, mr, nv, true) }

func rowsKernelB(s isa, e elem, mr, nv int, masked bool) {
	lanes := s.bytes / e.size
	name := fmt.Sprintf("%s_%s_%dx%d_rows", s.name, e.name, mr, nv*lanes)
	if masked {
		name += "_bmask"
		TEXT(name, NOSPLIT, fmt.Sprintf("func(k int, a *%s, lda int, b *%s, ldb int, c *%s, ldc int, mask int)", e.goType, e.goType, e.goType))
		Doc(fmt.Sprintf("%s adds the %d×k block of row-major A at a (leading dimension lda) times the k×%d block of row-major B at b (leading dimension ldb), its last %d columns masked by mask, into the %d×%d block of C at c (leading dimension ldc); leading dimensions are in elements.", name, mr, nv*lanes, lanes, mr, nv*lanes))
	} else {
		TEXT(name, NOSPLIT, fmt.Sprintf("func(k int, a *%s, lda int, b, c *%s, ldc int)", e.goType, e.goType))
		Doc(fmt.Sprintf("%s adds the %d×k block of row-major A at a (leading dimension lda) times a packed k×%d panel of B into the %d×%d tile of C at c (leading dimension ldc); lda and ldc are in elements.", name, mr, nv*lanes, mr, nv*lanes))
	}
	shift := map[int]uint64{4: 2, 8: 3}[e.size]
	var kmask reg.OpmaskVirtual
	var ldb reg.GPVirtual
	if masked {
		m := GP64()
		Load(Param("mask"), m)
		kmask = K()
		KMOVW(m.As32(), kmask)
		ldb = GP64()
		Load(Param("ldb"), ldb)
		SHLQ(Imm(shift), ldb)
	}
	k := Load(Param("k"), GP64())
	a := Load(Param("a"), GP64())
	lda := Load(Param("lda"), GP64())
	b := Load(Param("b"), GP64())
	SHLQ(Imm(shift), lda) // in bytes
	l3, l5, l7 := GP64(), GP64(), GP64()
	LEAQ(Mem{Base: lda, Index: lda, Scale: 2}, l3)
	LEAQ(Mem{Base: lda, Index: lda, Scale: 4}, l5)
	LEAQ(Mem{Base: l3, Index: lda, Scale: 4}, l7)
	bases := make([]reg.GPVirtual, (mr+7)/8)
	for g := range bases {
		bases[g] = GP64()
		if g == 0 {
			MOVQ(a, bases[g])
		} else {
			// base_g = base_{g−1} + 8·lda
			LEAQ(Mem{Base: bases[g-1], Index: lda, Scale: 8}, bases[g])
		}
	}
	row := func(i int) Mem {
		base := bases[i/8]
		switch i % 8 {
		case 0:
			return Mem{Base: base}
		case 1:
			return Mem{Base: base, Index: lda, Scale: 1}
		case 2:
			return Mem{Base: base, Index: lda, Scale: 2}
		case 3:
			return Mem{Base: base, Index: l3, Scale: 1}
		case 4:
			return Mem{Base: base, Index: lda, Scale: 4}
		case 5:
			return Mem{Base: base, Index: l5, Scale: 1}
		case 6:
			return Mem{Base: base, Index: l3, Scale: 2}
		default:
			return Mem{Base: base, Index: l7, Scale: 1}
		}
	}

	acc := make([][]reg.VecVirtual, mr)
	for i := range acc {
		acc[i] = make([]reg.VecVirtual, nv)
		for v := range acc[i] {
			acc[i][v] = s.vec()
			e.xor(acc[i][v], acc[i][v], acc[i][v])
		}
	}
	bv := make([]reg.VecVirtual, nv)
	for v := range bv {
		bv[v] = s.vec()
	}
	var t reg.VecVirtual
	if !(s.bcast && nv == 1) {
		t = s.vec()
	}

	TESTQ(k, k)
	JZ(LabelRef("store_" + name))
	Label("loop_" + name)
	for v := range bv {
		if masked && v == nv-1 {
			e.loadZ(Mem{Base: b, Disp: v * s.bytes}, kmask, bv[v])
			continue
		}
		e.load(Mem{Base: b, Disp: v * s.bytes}, bv[v])
	}
	for i := 0; i < mr; i++ {
		if s.bcast && nv == 1 {
			e.fmaBcst(row(i), bv[0], acc[i][0])
			continue
		}
		e.bcast(row(i), t)
		for v := range bv {
			e.fma(t, bv[v], acc[i][v])
		}
	}
	for _, base := range bases {
		ADDQ(Imm(uint64(e.size)), base)
	}
	if masked {
		ADDQ(ldb, b)
	} else {
		ADDQ(Imm(uint64(nv*s.bytes)), b)
	}
	DECQ(k)
	JNZ(LabelRef("loop_" + name))

	Label("store_" + name)
	c := Load(Param("c"), GP64())
	ldc := Load(Param("ldc"), GP64())
	SHLQ(Imm(shift), ldc)
	for i := 0; i < mr; i++ {
		for v := 0; v < nv; v++ {
			ci := Mem{Base: c, Disp: v * s.bytes}
			if masked && v == nv-1 {
				// Only the columns that exist: load C masked, add, store masked.
				e.loadZ(ci, kmask, bv[v])
				e.add(bv[v], acc[i][v], acc[i][v])
				e.store(acc[i][v], kmask, ci)
				continue
			}
			e.add(ci, acc[i][v], acc[i][v])
			e.store(acc[i][v], ci)
		}
		if i < mr-1 {
			ADDQ(ldc, c)
		}
	}
	VZEROUPPER()
	RET()
}

func main() {
	ConstraintExpr("amd64")
	// AVX-512 (32 zmm registers): tiles of 24 accumulators, from tall and
	// narrow (one vector of columns) to short and wide (three).
	for _, e := range []elem{f64, f32} {
		kernel(avx512, e, 24, 1)
		kernel(avx512, e, 12, 2)
		kernel(avx512, e, 8, 3)
		for nv := 1; nv <= 3; nv++ {
			rowsKernel(avx512, e, []int{24, 12, 8}[nv-1], nv)
			// For the last rows of a C whose m is not a multiple of mr.
			rowsKernel(avx512, e, 4, nv)
			rowsKernel(avx512, e, 1, nv)
		}
		// B in place too, for a C one micro-panel wide (one or two vectors).
		for nv := 1; nv <= 2; nv++ {
			for _, mr := range []int{[]int{24, 12}[nv-1], 4, 1} {
				rowsMaskKernel(avx512, e, mr, nv)
			}
		}
	}
	// AVX2 with FMA (16 ymm registers): 12 accumulators.
	for _, e := range []elem{f64, f32} {
		kernel(avx2, e, 12, 1)
		kernel(avx2, e, 6, 2)
		for nv := 1; nv <= 2; nv++ {
			rowsKernel(avx2, e, []int{12, 6}[nv-1], nv)
			rowsKernel(avx2, e, 4, nv)
			rowsKernel(avx2, e, 1, nv)
		}
	}
	Generate()
}
