package gemm

// Rung is one step of the ladder, for the benchmark and the examples.
type Rung struct {
	// Name is short and stable ("naive", "ikj", …), used as the "impl" of
	// a measurement.
	Name string
	// Description says in a line what the rung does.
	Description string
	// F32 and F64 are the rung for each element type.
	F32 Func[float32]
	F64 Func[float64]
	// Slow marks rungs whose time on big shapes is minutes, not seconds
	// (the benchmark and the example skip them there).
	Slow bool
}

// Rungs returns the ladder in order, slowest first.
func Rungs() []Rung {
	return []Rung{
		{"naive", "1: triple loop i, j, k", Naive[float32], Naive[float64], true},
		{"ikj", "2: loop order i, k, j (a row of A broadcast against rows of B)", IKJ[float32], IKJ[float64], true},
		{"dot", "3: unit-stride dot products (B transposed once)", Dot[float32], Dot[float64], true},
		{"launch", "4: the lesson's CUDA kernel (a thread per element, 16×16 blocks) on the CPU launch emulator", Launch[float32], Launch[float64], true},
		{"blocked", "5: BLIS loop nest, packed panels, 3×3 Go micro-kernel", Blocked[float32], Blocked[float64], false},
		{"parallel", "6: rung 5 over goroutines, fixed partition", Parallel[float32], Parallel[float64], false},
		{"gonum", "7: gonum pure-Go BLAS (the peer)", Gonum[float32], Gonum[float64], false},
		{"fast", "8: rung 6 with AVX-512/AVX2 assembly micro-kernels", Fast[float32], Fast[float64], false},
	}
}
