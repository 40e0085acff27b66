package gemm

import (
	"runtime"
)

// Blocked is rung 5: the BLIS/GotoBLAS loop nest (see the package
// documentation) with packed panels and the portable 3×3 register-blocked
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
// Two variants: a narrow C (at most directPanels micro-panels) with an
// untransposed A skips packing A and the kernel reads it in place
// (kernel.rows); and when C has few blocks of rows and is cut into column
// chunks, A is packed once, by its own phase of tasks, for all of them.
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
	kBlocks := (k + kern.kc - 1) / kern.kc
	bbuf := getBuf[T](k * nc)
	defer putBuf(bbuf)
	var abuf *[]T // A packed once, if it is
	defer func() {
		if abuf != nil {
			putBuf(abuf)
		}
	}()
	for jc := 0; jc < n; jc += nc {
		j.jc, j.ncb = jc, min(nc, n-jc)
		j.ncPad = roundUp(j.ncb, nr)
		j.bp = (*bbuf)[:k*j.ncPad]
		// A C one micro-panel wide, from untransposed operands, with a
		// kernel that masks its last vector of columns: nothing is packed.
		j.bInPlace = kern.bmask != nil && !transA && !transB && n <= nr && n > nr-kern.lanes
		if !j.bInPlace {
			j.phase, j.tasks = packBPhase, kBlocks
			j.run(workers)
		}
		chunks := 1
		if j.mBlocks < minTasks {
			chunks = min(j.ncPad/nr, (minTasks+j.mBlocks-1)/j.mBlocks)
		}
		j.width = roundUp((j.ncPad+chunks-1)/chunks, nr)
		j.chunks = (j.ncPad + j.width - 1) / j.width
		// A narrow C reads A in place (see kernel.rows); else, when several
		// column chunks would each pack the same block of A, A is packed
		// once for all of them (if it is not too big).
		j.direct = kern.rows != nil && !transA && j.ncPad <= directPanels*nr
		j.ap = nil
		if !j.direct && j.chunks > 1 && roundUp(m, mr)*k <= maxPackedB {
			if abuf == nil {
				abuf = getBuf[T](roundUp(m, mr) * k)
			}
			j.ap = *abuf
			j.phase, j.tasks = packAPhase, j.mBlocks*kBlocks
			j.run(workers)
		}
		j.phase, j.tasks = computePhase, j.mBlocks*j.chunks
		j.run(workers)
	}
	j.a, j.b, j.c, j.bp, j.ap = nil, nil, nil, nil, nil
}

const (
	packBPhase = iota
	packAPhase
	computePhase
)

// directPanels: a C at most this many micro-panels wide reads A in place
// when the kernel can (kernel.rows); each element of A is then loaded at
// most this many times, from cache, which costs less than packing it.
const directPanels = 8

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
	ap             []T // if not nil, op(A) packed: block (ic, pc) at ap[ic*k+pc*roundUp(mcb, mr):]
	direct         bool
	bInPlace       bool // B read in place too (kernel.bmask); implies direct
	phase, tasks   int
	tasking
}

// task runs task t of the current phase.
func (j *job[T]) task(t int) {
	kc, mr, nr := j.kern.kc, j.kern.mr, j.kern.nr
	switch j.phase {
	case packBPhase:
		pc := t * kc
		packB(j.bp[pc*j.ncPad:], j.transB, j.b, j.ldb, pc, min(kc, j.k-pc), j.jc, j.ncb, nr)
		return
	case packAPhase:
		kBlocks := (j.k + kc - 1) / kc
		ic, pc := (t/kBlocks)*j.mc, (t%kBlocks)*kc
		mcb := min(j.mc, j.m-ic)
		packA(j.ap[ic*j.k+pc*roundUp(mcb, mr):], j.transA, j.a, j.lda, ic, mcb, pc, min(kc, j.k-pc), mr)
		return
	}
	ic, j0 := (t/j.chunks)*j.mc, (t%j.chunks)*j.width
	mcb, j1 := min(j.mc, j.m-ic), min(j0+j.width, j.ncb)
	abuf := getBuf[T](roundUp(mcb, mr) * kc)
	tile := getBuf[T](mr * nr)
	ap, c, ldc := *abuf, j.c, j.ldc
	for pc := 0; pc < j.k; pc += kc {
		kcb := min(kc, j.k-pc)
		switch {
		case j.direct:
			// A is read in place (see kernel.rows).
		case j.ap != nil:
			ap = j.ap[ic*j.k+pc*roundUp(mcb, mr):]
		default:
			packA(ap, j.transA, j.a, j.lda, ic, mcb, pc, kcb, mr)
		}
		if j.bInPlace {
			j.bmaskBlock(ic, mcb, pc, kcb)
			continue
		}
		bblk := j.bp[pc*j.ncPad:]
		for jr := j0; jr < j1; jr += nr {
			cols := min(nr, j1-jr)
			bpanel := bblk[jr*kcb : (jr+nr)*kcb]
			for ir := 0; ir < mcb; {
				coff := (ic+ir)*ldc + j.jc + jr
				if !j.direct {
					rows := min(mr, mcb-ir)
					apanel := ap[ir*kcb : (ir+mr)*kcb]
					if rows == mr && cols == nr {
						j.kern.fn(kcb, apanel, bpanel, c[coff:], ldc)
					} else {
						// An edge tile: compute the full (zero-padded) tile
						// aside, add the part inside C.
						t := (*tile)[:mr*nr]
						clear(t)
						j.kern.fn(kcb, apanel, bpanel, t, nr)
						addTile(c[coff:], ldc, t, nr, rows, cols)
					}
					ir += mr
					continue
				}
				// In place: the last rows, fewer than mr, go through the
				// kernels of 4 rows and of 1 (nothing is padded).
				fn, h := j.kern.rows, mr
				if left := mcb - ir; left < mr {
					fn, h = j.kern.rows4, 4
					if left < 4 {
						fn, h = j.kern.rows1, 1
					}
				}
				aoff := (ic+ir)*j.lda + pc
				if cols == nr {
					fn(kcb, j.a[aoff:], j.lda, bpanel, c[coff:], ldc)
				} else {
					t := (*tile)[:h*nr]
					clear(t)
					fn(kcb, j.a[aoff:], j.lda, bpanel, t, nr)
					addTile(c[coff:], ldc, t, nr, h, cols)
				}
				ir += h
			}
		}
	}
	putBuf(tile)
	putBuf(abuf)
}

// bmaskBlock runs the in-place kernels (kernel.bmask) over rows ic…ic+mcb
// of C for the k-block pc…pc+kcb; C is a single micro-panel, n columns.
func (j *job[T]) bmaskBlock(ic, mcb, pc, kcb int) {
	mr := j.kern.mr
	bblk := j.b[pc*j.ldb:]
	for ir := 0; ir < mcb; {
		fn, h := j.kern.bmask, mr
		if left := mcb - ir; left < mr {
			fn, h = j.kern.bmask4, 4
			if left < 4 {
				fn, h = j.kern.bmask1, 1
			}
		}
		fn(kcb, j.a[(ic+ir)*j.lda+pc:], j.lda, bblk, j.ldb, j.c[(ic+ir)*j.ldc:], j.ldc, j.n)
		ir += h
	}
}

// addTile adds the top-left rows×cols of the tile t (leading dimension
// ldt) into c (leading dimension ldc).
func addTile[T Float](c []T, ldc int, t []T, ldt, rows, cols int) {
	for i := 0; i < rows; i++ {
		ci := c[i*ldc : i*ldc+cols]
		ti := t[i*ldt : i*ldt+cols]
		for q := range ci {
			ci[q] += ti[q]
		}
	}
}

func (j *job[T]) run(workers int) { j.tasking.run(j, j.tasks, workers) }

// roundUp returns x rounded up to a multiple of m.
func roundUp(x, m int) int { return (x + m - 1) / m * m }
