package launch

import (
	"fmt"
	"math"
	"unsafe"
)

// Shared returns the block's shared array called name, of n elements: CUDA's
// `__shared__ T name[n]`. Every thread of a block that asks for the same
// name gets the same array, and each block has its own. Float arrays start
// as NaN and integer arrays as the type's most negative value, so that a
// value read before any thread wrote it is noticed rather than a silent 0.
// It panics (Run reports the panic as the kernel's error) if name was
// allocated with another type or length, or if the block's shared arrays
// would exceed CUDA's 48 KiB.
func Shared[T float32 | float64 | int | int32 | int64](t *Thread, name string, n int) []T {
	if a, ok := t.blk.shared[name]; ok {
		s, ok := a.([]T)
		if !ok || len(s) != n {
			panic(fmt.Sprintf("launch.Shared: %q asked for as %d×%T, but it is a %T of length %d", name, n, *new(T), a, lenOf(a)))
		}
		return s
	}
	var zero T
	bytes := n * int(unsafe.Sizeof(zero))
	if n < 0 || t.blk.sharedBytes+bytes > MaxSharedBytes {
		panic(fmt.Sprintf("launch.Shared: %q (%d elements) brings the block's shared memory to %d bytes, over CUDA's %d", name, n, t.blk.sharedBytes+bytes, MaxSharedBytes))
	}
	t.blk.sharedBytes += bytes
	s := make([]T, n)
	poison(s)
	t.blk.shared[name] = s
	return s
}

// poison fills s with a value that cannot pass for data.
func poison[T float32 | float64 | int | int32 | int64](s []T) {
	var p T
	switch any(p).(type) {
	case float32:
		p = T(float32(math.NaN()))
	case float64:
		p = T(math.NaN())
	case int32:
		p = T(int32(math.MinInt32))
	case int, int64:
		v := int64(math.MinInt64)
		p = T(v)
	}
	for i := range s {
		s[i] = p
	}
}

func lenOf(a any) int {
	switch s := a.(type) {
	case []float32:
		return len(s)
	case []float64:
		return len(s)
	case []int:
		return len(s)
	case []int32:
		return len(s)
	case []int64:
		return len(s)
	}
	return -1
}
