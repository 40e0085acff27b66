package linalg

// The generic einsum kernel: one loop nest over every label.
//
// A term's element at a given assignment of the labels sits at
// Σ_l index_l · stride_l, where stride_l is the sum of the strides of the
// term's axes labelled l: a label repeated within a term (a diagonal, ii)
// adds its axes' strides, and a label the term lacks, or an axis of size 1
// broadcast against a larger size, has stride 0. So one nest of loops
// reads diagonals, broadcasts and sums without copying anything:
//
//	for each output element o (the output labels, row-major):
//		out[o] = Σ over the summed labels of Π_k term_k[offset_k]
//
// The sum for one output element runs in the order of its terms, as a
// naive loop would, and products follow IEEE 754 (0·Inf = NaN) unless
// strong is set (a term with an exact zero factor is 0; see EinsumChain).

// loopTerm is one factor of a loop contraction.
type loopTerm struct {
	data   []float64
	stride []int // per loop label; 0 where the term does not vary with it
}

// newLoopTerm returns the term of a tensor of the given shape whose axes
// carry labels (−1: an axis of size 1 that is broadcast, read at index 0),
// for a loop over nl labels.
func newLoopTerm(data []float64, shape, labels []int, pos []int, nl int) loopTerm {
	st := strides(shape)
	t := loopTerm{data: data, stride: make([]int, nl)}
	for a, l := range labels {
		if l >= 0 {
			t.stride[pos[l]] += st[a]
		}
	}
	return t
}

// einsumLoop sets out (row-major over dims[:nOut]) to the contraction of
// the terms over dims[nOut:].
func einsumLoop(out []float64, dims []int, nOut int, terms []loopTerm, strong bool) {
	for _, d := range dims {
		if d == 0 {
			clear(out)
			return
		}
	}
	n := len(terms)
	off := make([]int, n)
	idx := make([]int, nOut)
	soff := make([]int, n)
	sidx := make([]int, len(dims))
	last := len(dims) - 1
	inner := 1
	if last >= nOut {
		inner = dims[last]
	}
	outer := 1 // the summed assignments but the last label's
	for _, d := range dims[nOut:max(nOut, last)] {
		outer *= d
	}
	for o := range out {
		var s float64
		if last < nOut {
			s = termProduct(terms, off, strong)
		} else {
			copy(soff, off)
			for c := 0; c < outer; c++ {
				s += innerSum(terms, soff, last, inner, strong)
				// next assignment of dims[nOut:last]
				for a := last - 1; a >= nOut; a-- {
					sidx[a]++
					for k := range terms {
						soff[k] += terms[k].stride[a]
					}
					if sidx[a] < dims[a] {
						break
					}
					for k := range terms {
						soff[k] -= terms[k].stride[a] * dims[a]
					}
					sidx[a] = 0
				}
			}
		}
		out[o] = s
		for a := nOut - 1; a >= 0; a-- {
			idx[a]++
			for k := range terms {
				off[k] += terms[k].stride[a]
			}
			if idx[a] < dims[a] {
				break
			}
			for k := range terms {
				off[k] -= terms[k].stride[a] * dims[a]
			}
			idx[a] = 0
		}
	}
}

// termProduct returns Π_k term_k[off_k].
func termProduct(terms []loopTerm, off []int, strong bool) float64 {
	p := 1.0
	for k, t := range terms {
		v := t.data[off[k]]
		if strong && v == 0 {
			return 0
		}
		p *= v
	}
	return p
}

// innerSum returns Σ_j Π_k term_k[off_k + j·stride_k[label]] over j < n.
func innerSum(terms []loopTerm, off []int, label, n int, strong bool) float64 {
	var s float64
	switch len(terms) {
	case 1:
		d, o, st := terms[0].data, off[0], terms[0].stride[label]
		for j := 0; j < n; j++ {
			s += d[o+j*st]
		}
	case 2:
		da, oa, sa := terms[0].data, off[0], terms[0].stride[label]
		db, ob, sb := terms[1].data, off[1], terms[1].stride[label]
		for j := 0; j < n; j++ {
			x, y := da[oa+j*sa], db[ob+j*sb]
			if strong && (x == 0 || y == 0) {
				continue
			}
			s += x * y
		}
	default:
		o := append([]int(nil), off...)
		for j := 0; j < n; j++ {
			s += termProduct(terms, o, strong)
			for k := range terms {
				o[k] += terms[k].stride[label]
			}
		}
	}
	return s
}
