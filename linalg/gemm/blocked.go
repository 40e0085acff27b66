package gemm

import (
	"runtime"
)

// Blocked is rung 5: the BLIS/GotoBLAS loop nest (see the package
// documentation) with packed panels and the portable 4×4 register-blocked
// micro-kernel, on one goroutine. Each c_ij is summed over k-blocks of
// depth kc in order, each block in order p inside the micro-kernel.
func Blocked[T Float](transA, transB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	if !check("Blocked", transA, transB, m, n, k, a, lda, b, ldb, c, ldc) {
		return
	}
	drive(portableKernel[T](), 1, transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
}

// Parallel is rung 6: Blocked spread over goroutines. The work is cut into
// a fixed grid of tasks (blocks of mc rows of C times chunks of columns)
// that depends only on the shape, and every element of C is summed in the
// same order whichever goroutine computes it, so the result is the same bit
// for bit for every GOMAXPROCS; only the wall time changes.
func Parallel[T Float](transA, transB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	if !check("Parallel", transA, transB, m, n, k, a, lda, b, ldb, c, ldc) {
		return
	}
	drive(portableKernel[T](), runtime.GOMAXPROCS(0), transA, transB, m, n, k, a, lda, b, ldb, c, ldc)
}

const (
	// maxPackedB bounds the elements of op(B) packed at once (every
	// k-block of nc columns); wider B is done nc columns at a time.
	maxPackedB = 1 << 21
	// serialFlops: products below this many multiply-adds run on the
	// calling goroutine, where waking workers would cost more than they
	// save.
	serialFlops = 1 << 16
	// minTasks is the number of tasks a product is cut into when its
	// blocks of rows are fewer (a short, wide C is also cut by columns).
	minTasks = 8
)

// drive runs the BLIS loop nest with micro-kernel kern on up to workers
// goroutines. The arguments have been checked and m, n > 0.
//
//	for jc in steps of nc            (columns of C; op(B)[:, jc:jc+nc] packed, all k-blocks)
//	  tasks (ic, column chunk), on any goroutine:
//	    for pc in steps of kc        (k-blocks, in order)
//	      pack op(A)[ic:ic+mc, pc:pc+kc]
//	      for jr in steps of nr      (micro-panels of B in the chunk)
//	        for ir in steps of mr    (micro-panels of A)
//	          micro-kernel: C[ir:ir+mr, jr:jr+nr] += Ã·B̃
//
// The tasks and blocks depend only on the shape and the kernel, never on
// workers, so neither does the result.
func drive[T Float](kern kernel[T], workers int, transA, transB bool, m, n, k int, a []T, lda int, b []T, ldb int, c []T, ldc int) {
	zero(m, n, c, ldc)
	if k == 0 {
		return
	}
	if m*n*k < serialFlops {
		workers = 1
	}
	j := getJob[T]()
	defer putJob(j)
	j.kern, j.transA, j.transB, j.m, j.n, j.k = kern, transA, transB, m, n, k
	j.a, j.lda, j.b, j.ldb, j.c, j.ldc = a, lda, b, ldb, c, ldc
	mr, nr := kern.mr, kern.nr
	j.mc = min(kern.mc, roundUp(m, mr))
	nc := roundUp(n, nr)
	if k*nc > maxPackedB {
		nc = max(nr, maxPackedB/k/nr*nr)
	}
	j.mBlocks = (m + j.mc - 1) / j.mc
	bbuf := getBuf[T](k * nc)
	defer putBuf(bbuf)
	for jc := 0; jc < n; jc += nc {
		j.jc, j.ncb = jc, min(nc, n-jc)
		j.ncPad = roundUp(j.ncb, nr)
		j.bp = (*bbuf)[:k*j.ncPad]
		j.phase, j.tasks = packPhase, (k+kern.kc-1)/kern.kc
		j.run(workers)
		chunks := 1
		if j.mBlocks < minTasks {
			chunks = min(j.ncPad/nr, (minTasks+j.mBlocks-1)/j.mBlocks)
		}
		j.width = roundUp((j.ncPad+chunks-1)/chunks, nr)
		j.chunks = (j.ncPad + j.width - 1) / j.width
		j.phase, j.tasks = computePhase, j.mBlocks*j.chunks
		j.run(workers)
	}
	j.a, j.b, j.c, j.bp = nil, nil, nil, nil
}

const (
	packPhase = iota
	computePhase
)

// job is one product in flight: its arguments, its blocking, and the phase
// whose tasks the workers are taking.
type job[T Float] struct {
	kern           kernel[T]
	transA, transB bool
	m, n, k        int
	a, b, c        []T
	lda, ldb, ldc  int

	mc, mBlocks    int
	jc, ncb, ncPad int
	chunks, width  int
	bp             []T // op(B)[:, jc:jc+ncb] packed, k-block pc at bp[pc*ncPad:]
	phase, tasks   int
	tasking
}

// task runs task t of the current phase.
func (j *job[T]) task(t int) {
	kc, mr, nr := j.kern.kc, j.kern.mr, j.kern.nr
	if j.phase == packPhase {
		pc := t * kc
		packB(j.bp[pc*j.ncPad:], j.transB, j.b, j.ldb, pc, min(kc, j.k-pc), j.jc, j.ncb, nr)
		return
	}
	ic, j0 := (t/j.chunks)*j.mc, (t%j.chunks)*j.width
	mcb, j1 := min(j.mc, j.m-ic), min(j0+j.width, j.ncb)
	abuf := getBuf[T](roundUp(mcb, mr) * kc)
	tile := getBuf[T](mr * nr)
	ap, c, ldc := *abuf, j.c, j.ldc
	// Read A unpacked when C is one micro-panel wide (see kernel.rows);
	// only a last panel of fewer than mr rows is packed (padded with zeros).
	direct := j.kern.rows != nil && !j.transA && j.ncPad == nr
	for pc := 0; pc < j.k; pc += kc {
		kcb := min(kc, j.k-pc)
		if !direct {
			packA(ap, j.transA, j.a, j.lda, ic, mcb, pc, kcb, mr)
		} else if full := mcb / mr * mr; full < mcb {
			packA(ap[full*kcb:], false, j.a, j.lda, ic+full, mcb-full, pc, kcb, mr)
		}
		bblk := j.bp[pc*j.ncPad:]
		for jr := j0; jr < j1; jr += nr {
			cols := min(nr, j1-jr)
			bpanel := bblk[jr*kcb : (jr+nr)*kcb]
			for ir := 0; ir < mcb; ir += mr {
				rows := min(mr, mcb-ir)
				apanel := ap[ir*kcb : (ir+mr)*kcb]
				coff := (ic+ir)*ldc + j.jc + jr
				unpacked := direct && rows == mr
				aoff := (ic+ir)*j.lda + pc
				if rows == mr && cols == nr {
					if unpacked {
						j.kern.rows(kcb, j.a[aoff:], j.lda, bpanel, c[coff:], ldc)
					} else {
						j.kern.fn(kcb, apanel, bpanel, c[coff:], ldc)
					}
					continue
				}
				// An edge tile: compute the full tile aside, add the part inside C.
				t := (*tile)[:mr*nr]
				clear(t)
				if unpacked {
					j.kern.rows(kcb, j.a[aoff:], j.lda, bpanel, t, nr)
				} else {
					j.kern.fn(kcb, apanel, bpanel, t, nr)
				}
				for i := 0; i < rows; i++ {
					ci := c[coff+i*ldc : coff+i*ldc+cols]
					for q := range ci {
						ci[q] += t[i*nr+q]
					}
				}
			}
		}
	}
	putBuf(tile)
	putBuf(abuf)
}

func (j *job[T]) run(workers int) { j.tasking.run(j, j.tasks, workers) }

// roundUp returns x rounded up to a multiple of m.
func roundUp(x, m int) int { return (x + m - 1) / m * m }
