package dual

// SlabLen and MaxChunks are the sizes of an arena, for the tests of
// allocations and of a pass that outgrows its arena.
const (
	SlabLen   = slabLen
	MaxChunks = slabLen * maxSlabs
)
