package twin

import (
	"fmt"
	"math"

	"github.com/epsilon-engine/epsilon/linalg/launch"
)

// The default float32 matmul, matmul_tiled_f32_{nn,tn,nt,tt} in
// kernels/matmul.cu (namespace sgemm), and its Go twin Sgemm. The twin
// is written line for line as the CUDA code, with the same names; the
// comments "// CUDA:" quote the line a block of Go mirrors where the two
// languages differ. A float4 load or store is four scalar accesses at the
// same offsets, after the alignment check the GPU makes (a float4 at an
// offset that is not a multiple of 4 faults there and panics here); the
// kernel's 32-bit index math is int32 here.

// The sgemm tiles: a block of SgemmThreads threads computes a 128×128 tile
// of C, 8 values of k at a time; each thread an 8×8 block of it as 2×2
// groups of 4×4 (rows ty·4+{0..3} and 64+ty·4+{0..3}, ty = tid/16, and the
// same columns with tx = tid%16).
const (
	SgemmBM      = 128
	SgemmBN      = 128
	SgemmBK      = 8
	SgemmThreads = 256
	sgemmTile    = SgemmBK * 128 // values in one copy of a k-major shared tile
)

// Flags of an sgemm launch (the kernel's sgemm::A_RUN_I, …), decided once
// per launch on the host by PlanSgemm.
const (
	SgemmARunI = 1 << iota // A's runs of 4 go along i (SAI = 1), else along k
	SgemmAVec              // A's runs are aligned float4s, wholly in or out of the matrix
	SgemmBRunJ             // B's runs go along j (SBJ = 1), else along k
	SgemmBVec              // B's runs are aligned float4s, wholly in or out of the matrix
	SgemmCVec              // C's rows are aligned float4s (n % 4 = 0)
)

// SgemmPlan is the host's choice for one sgemm launch: the kernel (one of
// four, compiled with the layout bits of Flags fixed) and the flags.
type SgemmPlan struct {
	Kernel string // matmul_tiled_f32_nn, _tn, _nt or _tt
	Flags  int
}

func (p SgemmPlan) String() string { return fmt.Sprintf("%s flags %05b", p.Kernel, p.Flags) }

// PlanSgemm chooses the sgemm kernel and flags for the product g, given
// whether each operand's first element is 16-byte aligned on the device.
// It returns false when the kernel's 32-bit offsets could overflow (some
// offset it forms, tile padding and the prefetch past the last tile
// included, reaches 2^31) or a stride is negative: the caller then runs
// matmul_tiled_v1_f32, whose index math is 64-bit.
//
// An operand's runs go along the tile's long side (i for A, j for B) when
// that stride is 1 and k's is not, else along k. They are loaded as float4s
// (SgemmAVec, SgemmBVec) when the run's stride is 1, the other stride and
// the run's extent (m or k for A, n or k for B) are multiples of 4 and the
// operand is aligned: then every run starts at a multiple of 16 bytes and
// lies wholly inside or wholly outside the matrix, so one bound check
// covers it. Otherwise four scalar loads, each checked.
func PlanSgemm(g Gemm, alignedA, alignedB, alignedC bool) (SgemmPlan, bool) {
	if g.SAI < 0 || g.SAP < 0 || g.SBP < 0 || g.SBJ < 0 || g.M < 0 || g.N < 0 || g.K < 0 {
		return SgemmPlan{}, false
	}
	mp, np := ceilDiv(g.M, SgemmBM)*SgemmBM, ceilDiv(g.N, SgemmBN)*SgemmBN
	kp := (ceilDiv(g.K, SgemmBK) + 1) * SgemmBK // the prefetch reads one tile past the last
	const lim = math.MaxInt32
	fits := func(terms ...[2]int) bool { // Σ (extent−1)·stride < 2^31, without overflowing int
		s := 0
		for _, t := range terms {
			if t[0] > 0 && t[1] > 0 {
				if t[0]-1 > (lim-s)/t[1] {
					return false
				}
				s += (t[0] - 1) * t[1]
			}
		}
		return s < lim
	}
	if !fits([2]int{mp, g.SAI}, [2]int{kp, g.SAP}) || !fits([2]int{kp, g.SBP}, [2]int{np, g.SBJ}) ||
		!fits([2]int{mp, g.N}, [2]int{np, 1}) || kp > lim {
		return SgemmPlan{}, false
	}
	f := 0
	if g.SAI == 1 && g.SAP != 1 {
		f |= SgemmARunI
		if g.SAP%4 == 0 && g.M%4 == 0 && alignedA {
			f |= SgemmAVec
		}
	} else if g.SAP == 1 && g.SAI%4 == 0 && g.K%4 == 0 && alignedA {
		f |= SgemmAVec
	}
	if g.SBJ == 1 && g.SBP != 1 {
		f |= SgemmBRunJ
		if g.SBP%4 == 0 && g.N%4 == 0 && alignedB {
			f |= SgemmBVec
		}
	} else if g.SBP == 1 && g.SBJ%4 == 0 && g.K%4 == 0 && alignedB {
		f |= SgemmBVec
	}
	if g.N%4 == 0 && alignedC {
		f |= SgemmCVec
	}
	name := "matmul_tiled_f32_"
	if f&SgemmARunI != 0 {
		name += "t"
	} else {
		name += "n"
	}
	if f&SgemmBRunJ != 0 {
		name += "n"
	} else {
		name += "t"
	}
	return SgemmPlan{Kernel: name, Flags: f}, true
}

// SgemmLaunch returns the sgemm launch for an m×n product: 256 threads per
// block, ⌈n/128⌉ × ⌈m/128⌉ blocks.
func SgemmLaunch(m, n int) (grid, block launch.Dim3) {
	return launch.Dim3{X: ceilDiv(n, SgemmBN), Y: ceilDiv(m, SgemmBM), Z: 1}, launch.Dim3{X: SgemmThreads, Y: 1, Z: 1}
}

// sgemmRun is the kernel's sgemm::Run: the 4 elements of one operand's
// tile that a thread copies at each step along k. The operand is A (t = i,
// extent m, st = SAI, sp = SAP) or B (t = j, extent n, st = SBJ, sp = SBP).
type sgemmRun struct {
	off    int32 // offset of the run's first element at the current step
	step   int32 // offset increment per step: BK·sp
	dq     int32 // offset between the run's elements
	p      int32 // k index of the run's first element within the tile
	sh     int32 // index in the shared tile of the run's first element: p·128 + t
	alongK bool
	vec    bool
	in     [4]bool // whether element q's row of A (column of B) is in the matrix
}

// CUDA: Run run(const float* x, int tid, int t0, int extent, int st, int sp, bool alongT, bool vec)
func sgemmRunOf(o Options, tid, t0, extent, st, sp int32, alongT, vec bool) sgemmRun {
	var r sgemmRun
	var t, p int32 // tile coordinates of the run's first element
	if alongT {
		t = (tid % 32) * 4 // 32 runs of 4 span 128
		p = tid / 32       // 8 rows of k
	} else {
		t = tid / 2 // 128 rows (columns of B)
		p = (tid % 2) * 4
		if o.mutant == sgemmRunOffset {
			p = (tid % 2) * 2
		}
	}
	r.off = (t0+t)*st + p*sp
	r.step = SgemmBK * sp
	if alongT {
		r.dq = st
	} else {
		r.dq = sp
	}
	r.p = p
	r.sh = p*128 + t
	r.alongK = !alongT
	r.vec = vec
	for q := range int32(4) {
		dt := int32(0)
		if alongT {
			dt = q
		}
		r.in[q] = t0+t+dt < extent
	}
	return r
}

// sgemmLoad is the kernel's load: the run's elements at the step whose
// tile starts at k index p0; elements outside the matrix are 0.
func sgemmLoad[T Float](o Options, x []T, r *sgemmRun, p0, k int32) [4]T {
	var v [4]T
	gp := p0 + r.p
	if r.vec {
		if r.in[0] && o.below(sgemmVecKBound, int(gp), int(k)) {
			v = ld4(x, r.off) // CUDA: v = __ldg(reinterpret_cast<const float4*>(r.x + r.off))
		}
	} else {
		dp := int32(0)
		if r.alongK {
			dp = 1
		}
		for q := range int32(4) { // CUDA: four lines, v.x … v.w
			if r.in[q] && gp+q*dp < k {
				v[q] = x[r.off+q*r.dq]
			}
		}
	}
	return v
}

// sgemmStore is the kernel's store: a run into a k-major shared tile S
// (S[p·128 + t]) whose copy starts at base.
func sgemmStore[T Float](S []T, base int32, r *sgemmRun, v [4]T) {
	if r.alongK {
		for q := range int32(4) { // CUDA: S[r.sh + 128·q] = v.x … v.w
			S[base+r.sh+128*q] = v[q]
		}
	} else {
		st4(S, base+r.sh, v) // CUDA: *reinterpret_cast<float4*>(S + r.sh) = v
	}
}

// ld4 and st4 are a float4 access at offset off: four scalar accesses,
// after the alignment the GPU requires (off a multiple of 4 floats, from a
// 16-byte aligned base; a misaligned float4 faults there, panics here).
func ld4[T Float](x []T, off int32) [4]T {
	if off%4 != 0 {
		panic(fmt.Sprintf("misaligned float4 load at offset %d", off))
	}
	return [4]T{x[off], x[off+1], x[off+2], x[off+3]}
}

func st4[T Float](x []T, off int32, v [4]T) {
	if off%4 != 0 {
		panic(fmt.Sprintf("misaligned float4 store at offset %d", off))
	}
	x[off], x[off+1], x[off+2], x[off+3] = v[0], v[1], v[2], v[3]
}

// Sgemm is the twin of matmul_tiled_f32_{nn,tn,nt,tt} (kernels/matmul.cu,
// namespace sgemm), launched as SgemmLaunch (in slabs, Slabs) with the plan PlanSgemm gives
// (the plan's kernel only fixes its layout flags; the twin reads them all
// from Flags). It returns the emulator's error (a kernel panic such as a
// misaligned float4, a launch outside CUDA's limits); a and b must hold the
// elements g's strides reach. The CUDA kernel is float32 only; the twin
// also runs in float64, where its indexing is checked to 1e-12.
//
// The shared tiles are double-buffered: while the block computes on one
// copy, each thread has issued the next tile's global loads into registers
// (va, vb), stores them into the other copy after computing, and one
// barrier per step both completes that copy and ends every thread's reads
// of this one.
func Sgemm[T Float](o Options, plan SgemmPlan, a, b []T, g Gemm) ([]T, error) {
	c := make([]T, g.M*g.N)
	grid, block := SgemmLaunch(g.M, g.N)
	m, n, k := int32(g.M), int32(g.N), int32(g.K)
	sai, sap, sbp, sbj := int32(g.SAI), int32(g.SAP), int32(g.SBP), int32(g.SBJ)
	flags := plan.Flags
	err := o.runRows(grid, block, func(t *launch.Thread, y0 int) {
		As := launch.Shared[T](t, "As", 2*sgemmTile)
		Bs := launch.Shared[T](t, "Bs", 2*sgemmTile)
		tid := int32(t.ThreadIdx.X)
		row0, col0 := (int32(t.BlockIdx.Y)+int32(y0))*SgemmBM, int32(t.BlockIdx.X)*SgemmBN // CUDA: (blockIdx.y + y0) * BM
		ra := sgemmRunOf(o, tid, row0, m, sai, sap, flags&SgemmARunI != 0, flags&SgemmAVec != 0)
		rb := sgemmRunOf(o, tid, col0, n, sbj, sbp, flags&SgemmBRunJ != 0, flags&SgemmBVec != 0)
		va, vb := sgemmLoad(o, a, &ra, 0, k), sgemmLoad(o, b, &rb, 0, k)
		sgemmStore(As, 0, &ra, va)
		sgemmStore(Bs, 0, &rb, vb)
		if !o.drops(sgemmNoSyncBeforeLoop) {
			t.SyncThreads() // copy 0 of the tiles is complete
		}

		tx, ty := tid%16, tid/16
		var acc [8][8]T
		var av, bv [8]T
		cur := int32(0) // the copy being read: 0 or sgemmTile
		for p0 := int32(0); p0 < k; p0 += SgemmBK {
			// Prefetch: issue the next tile's global loads now, store them later.
			ra.off += ra.step
			rb.off += rb.step
			va = sgemmLoad(o, a, &ra, p0+SgemmBK, k)
			vb = sgemmLoad(o, b, &rb, p0+SgemmBK, k)
			as := cur + ty*4 // CUDA: const float* as = As + cur + ty * 4
			bs := cur + tx*4
			hi := int32(64) // the second 4×4 group
			if o.mutant == sgemmFragOffset {
				hi = 60
			}
			for p := range int32(SgemmBK) {
				a0, a1 := ld4(As, as+p*SgemmBM), ld4(As, as+p*SgemmBM+hi)
				b0, b1 := ld4(Bs, bs+p*SgemmBN), ld4(Bs, bs+p*SgemmBN+hi)
				copy(av[:4], a0[:])
				copy(av[4:], a1[:])
				copy(bv[:4], b0[:])
				copy(bv[4:], b1[:])
				for i := range 8 {
					for j := range 8 {
						acc[i][j] += av[i] * bv[j]
					}
				}
			}
			if o.mutant != sgemmSameCopy {
				cur ^= sgemmTile
			}
			sgemmStore(As, cur, &ra, va)
			sgemmStore(Bs, cur, &rb, vb)
			if !o.drops(sgemmNoSyncInLoop) {
				t.SyncThreads() // the other copy is complete, and nobody reads this one any more
			}
		}

		// Write the 2×2 groups of 4×4: float4 stores when C's rows allow.
		for h := range int32(2) {
			for ai := range int32(4) {
				r := row0 + h*64 + ty*4 + ai
				if r >= m {
					continue
				}
				for w := range int32(2) {
					col := col0 + w*64 + tx*4
					out := r*n + col // CUDA: float* out = C + (r * n + col)
					v := acc[h*4+ai][w*4 : w*4+4]
					if flags&SgemmCVec != 0 {
						if col < n {
							st4(c, out, [4]T(v))
						}
					} else {
						for bi := range int32(4) {
							if col+bi < n {
								c[out+bi] = v[bi]
							}
						}
					}
				}
			}
		}
	})
	return c, err
}
