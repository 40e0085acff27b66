package twin

// mutant names a deliberate defect that a test plants in a twin, to show
// that the tests of the twins would catch it: a barrier left out, or a
// tile bound off by one. Only the tests of this package set one; the zero
// value is the faithful twin.
type mutant int

const (
	faithful mutant = iota

	matmulNoSyncAfterLoad // tiled matmul computes before the tiles are complete
	matmulNoSyncAfterUse  // tiled matmul overwrites tiles other threads still read
	matmulKBound          // tiled matmul loads p ≤ k instead of p < k
	matmulRowBound        // tiled matmul writes rows r ≤ m instead of r < m
	naiveColBound         // lesson matmul computes columns c ≤ n

	sgemmNoSyncBeforeLoop // sgemm computes on copy 0 before it is complete
	sgemmNoSyncInLoop     // sgemm's double-buffered loop without its barrier
	sgemmSameCopy         // sgemm stores the prefetched tile into the copy being read
	sgemmVecKBound        // sgemm's float4 loads take p ≤ k as inside the matrix
	sgemmFragOffset       // sgemm reads the second 4×4 group at +60 instead of +64
	sgemmRunOffset        // sgemm's runs along k start at p = 0, 2 instead of 0, 4

	meanShiftNoSyncAfterLoad // fused mean shift reads a tile before it is complete
	meanShiftNoSyncAfterUse  // fused mean shift overwrites a tile still being read
	meanShiftTileCount       // fused mean shift's last tile holds one point too many
	meanShiftSplitOverlap    // split mean shift: each block's chunk runs one point into the next
	meanShiftMergeSkip       // split mean shift: the merge leaves out the last split

	sqDistNoSync   // pairwise distances compute before the tiles are complete
	sqDistKBound   // pairwise distances load coordinates k ≤ d
	colRangeNoSync // column ranges reduce without a barrier between halvings

	diffDotNoSync         // JVP of distances computes before the tiles are complete
	diffSumJBound         // VJP of distances leaves out the last weight of each tile
	diffSumNoSyncAfterUse // VJP of distances overwrites tiles still being read

	slabOffsetIgnored // a grid launched in slabs: every slab computes the first rows of blocks (y0 = 0)
)

var mutantNames = map[mutant]string{
	matmulNoSyncAfterLoad:    "matmul: no barrier after loading the tiles",
	matmulNoSyncAfterUse:     "matmul: no barrier after using the tiles",
	matmulKBound:             "matmul: tile loads bound p ≤ k",
	matmulRowBound:           "matmul: writes bound r ≤ m",
	naiveColBound:            "lesson matmul: bound c ≤ n",
	sgemmNoSyncBeforeLoop:    "sgemm: no barrier after loading the first tiles",
	sgemmNoSyncInLoop:        "sgemm: no barrier in the double-buffered loop",
	sgemmSameCopy:            "sgemm: prefetch stored into the copy being read",
	sgemmVecKBound:           "sgemm: float4 loads bound p ≤ k",
	sgemmFragOffset:          "sgemm: second 4×4 group read at offset 60",
	sgemmRunOffset:           "sgemm: runs along k at p = 0, 2 (misaligned float4)",
	meanShiftNoSyncAfterLoad: "mean shift: no barrier after loading a tile",
	meanShiftNoSyncAfterUse:  "mean shift: no barrier after using a tile",
	meanShiftTileCount:       "mean shift: last tile one point too long",
	meanShiftSplitOverlap:    "mean shift: split chunks overlap by one point",
	meanShiftMergeSkip:       "mean shift: merge bound sp < S−1",
	sqDistNoSync:             "sqdist: no barrier after loading the tiles",
	sqDistKBound:             "sqdist: coordinate bound k ≤ d",
	colRangeNoSync:           "colrange: no barrier in the reduction",
	diffDotNoSync:            "diffdot: no barrier after loading the tiles",
	diffSumJBound:            "diffsum: tile bound j < jj−1",
	diffSumNoSyncAfterUse:    "diffsum: no barrier after using the tiles",
	slabOffsetIgnored:        "slabs: row-block offset y0 ignored",
}

func (m mutant) String() string {
	if s, ok := mutantNames[m]; ok {
		return s
	}
	return "faithful"
}

// drops reports whether the planted mutant is m, a barrier left out.
func (o Options) drops(m mutant) bool { return o.mutant == m }

// below returns i < n, or i ≤ n when the planted mutant is m.
func (o Options) below(m mutant, i, n int) bool {
	if o.mutant == m {
		return i <= n
	}
	return i < n
}
