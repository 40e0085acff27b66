// Package gemm is the matrix-product ladder of fast.ai's lesson 12 in Go:
// one product,
//
//	C (m×n) = op(A) (m×k) · op(B) (k×n),   c_ij = Σ_p a_ip b_pj,
//
// written eight ways, from the textbook triple loop to packed,
// register-blocked SIMD kernels on every core. Each rung is a named
// function, generic over float32 and float64 and with the signature Func
// (row-major slices, leading dimensions, transpose flags); Rungs lists them
// in order; Gemm is the fastest and the one package linalg uses.
//
// All rungs do the same 2mnk floating-point operations. What separates a
// rung that runs at 0.5 GFLOP/s from one at 100 is where the operands are
// when an instruction needs them: a multiply-add takes a fraction of a
// nanosecond, a load from main memory about a hundred. The ladder is a
// lesson in memory.
//
// # Rung 1, Naive: the triple loop (i, j, p)
//
// The innermost loop walks row i of A with unit stride, but column j of B
// with stride n: for n ≥ 8 (float64) every step touches a new 64-byte cache
// line, of which it uses 8 bytes. For 1024×1024 matrices a column of B
// spans 1024 lines, and by the time column j+1 is read they have left the
// cache: nearly every multiply-add waits on memory. Each sum also forms one
// chain of dependent additions, so even from cache the loop runs at one
// multiply-add per addition latency (about 4 cycles).
//
// # Rung 2, IKJ: loop order (i, p, j) — the lesson's broadcasting
//
//	for i: for p: c_i,: += a_ip · b_p,:
//
// One element of A is broadcast against a whole row of B and added into a
// row of C: the inner loop reads B and writes C with unit stride, so every
// cache line is used in full, and the additions into different c_ij are
// independent, so they pipeline. Same arithmetic, another order, several
// times faster.
//
// # Rung 3, Dot: unit-stride dot products
//
// c_ij as the dot product of row i of A and column j of B, with B
// transposed once (O(kn) work) so both vectors have unit stride; four
// partial sums break the chain of dependent additions of rung 1.
//
// # Rung 4, Launch: the CUDA kernel on a CPU launch emulator
//
// The lesson's CUDA kernel, one thread per c_ij in 16×16 blocks on a grid of
// ⌈m/16⌉ × ⌈n/16⌉, written in Go and run by package linalg/launch, which
// plays the GPU's grid of blocks and threads on the CPU. It is there to
// show the kernel body is right before it goes to a device, not for speed.
//
// # Rungs 5 and 6, Blocked and Parallel: the BLIS loop nest
//
// Goto and van de Geijn (2008) and BLIS (Van Zee and van de Geijn, 2015)
// organise the product around the memory hierarchy: copy ("pack") a block of
// each operand into a contiguous buffer laid out in the order the innermost
// code reads it, sized so that it stays in a given cache level while it is
// reused, and do all arithmetic in a micro-kernel that keeps a small tile of
// C in registers:
//
//	for jc in 0..n step nc                      columns of C and B
//	  pack B[:, jc:jc+nc] into k×nc micro-panels of nr columns   (L3)
//	  for ic in 0..m step mc                     rows of C and A     (parallel: tasks)
//	    for pc in 0..k step kc                   the k-blocks, in order
//	      pack A[ic:ic+mc, pc:pc+kc] into micro-panels of mr rows  (L2)
//	      for jr in 0..nc step nr                one kc×nr micro-panel of B (L1)
//	        for ir in 0..mc step mr              one mr×kc micro-panel of A
//	          micro-kernel: C[ir:ir+mr, jr:jr+nr] += Ã·B̃   (mr×nr tile in registers)
//
// The micro-kernel loads mr elements of A and nr of B for each p and does
// mr·nr multiply-adds with them: an mr×nr tile of accumulators turns 2
// loads per multiply-add (rung 1) into (mr+nr)/(mr·nr). Packing makes every
// load unit-stride and keeps each panel resident where it is reused: the
// micro-panel of B in L1 across all mc/mr micro-panels of A, the block of A
// in L2 across all nc/nr micro-panels of B. Edges are padded with zeros
// when packed, so the micro-kernel always sees full panels; an edge tile is
// computed aside and only its part inside C is added. Blocked uses a
// portable 3×3 Go micro-kernel (9 accumulators in registers; goKernel says
// why not 4×4).
//
// Parallel cuts the work into a grid of tasks (blocks of mc rows of C,
// times chunks of columns when C has few row blocks) that depends only on
// the shape; goroutines take tasks as they finish one. Each c_ij is summed
// over the k-blocks in order and within a block in order, whichever
// goroutine computes it, so the result is the same, bit for bit, for every
// GOMAXPROCS (TestGOMAXPROCS checks it).
//
// # Rung 7, Gonum: the peer
//
// gonum's pure-Go BLAS (blas64.Gemm, blas32.Gemm), blocked and parallel
// but without packing or SIMD; the in-Go reference the others must beat.
// Like reference BLAS it skips terms whose factor from A is zero, so 0·Inf
// contributes 0 instead of NaN there.
//
// # Rung 8, Fast (= Gemm): SIMD micro-kernels
//
// The loop nest of rung 6 with micro-kernels in Go assembly, generated by
// internal/asmgen with avo (github.com/mmcloughlin/avo; go generate
// rewrites kernels_amd64.s byte for byte). A kernel holds its tile in
// vector registers: with AVX-512 (32 registers of 8 float64 or 16 float32)
// 24 accumulators, e.g. 8 rows × 3 vectors (8×24 float64), each step of p
// one load per vector of B, one broadcast per row of A and 24 fused
// multiply-adds (FMA: one rounding per term); AVX2 with FMA (16 registers
// of 4 or 8) 12 accumulators (6×2 vectors). golang.org/x/sys/cpu picks
// the family at run time; other processors run the portable kernel. Go
// assembly needs no cgo, so this is the default build's path.
//
// The width of C picks the tile: the narrowest kernel whose nr covers n,
// so the lesson's n = 10 gets a 24×16 (float32) tile rather than wasting
// most of an 8×48 one. When C is narrow (at most 8 micro-panels) each
// element of A is used only a few times, and packing A would cost more than
// the arithmetic (at 50000×784·784×10 it was 95% of the time): there the
// kernel reads A in place, row i at base + i·lda through x86 index
// registers (lda, 3·lda, 5·lda, 7·lda with scales 1, 2, 4), and the last
// rows, when m is not a multiple of mr, go through kernels of 4 rows and of
// 1 row instead of a zero-padded copy. When C is a single micro-panel wide
// (n ≤ nr) and B is not transposed, the AVX-512 kernels read B in place
// too, its last vector of columns through a mask register (masked lanes
// are neither loaded nor stored), so the lesson's shapes pack nothing:
// packing B was 70% of the time of the 5-row product.
//
// # Numbers and special values
//
// No rung skips a term: 0·Inf and 0·NaN give NaN as IEEE 754 says (except
// Gonum, above), and a NaN anywhere in row i of op(A) or column j of op(B)
// makes c_ij NaN. Rungs differ only in the order of the additions (and FMA
// rounds once per term), so they agree to within k·ε·Σ_p |a_ip||b_pj|, the
// bound the tests use.
//
// # References
//
// K. Goto and R. A. van de Geijn, "Anatomy of high-performance matrix
// multiplication", ACM Transactions on Mathematical Software 34(3), 2008.
//
// F. G. Van Zee and R. A. van de Geijn, "BLIS: A framework for rapidly
// instantiating BLAS functionality", ACM Transactions on Mathematical
// Software 41(3), 2015.
package gemm
