// Package cudaops is epsilon's GPU backend: a linalg.Backend whose matrix
// products, pairwise squared distances and Gaussian mean shift updates run
// as CUDA kernels on an NVIDIA GPU, through the driver API of
// gorgonia's cu package (no cuBLAS, no CUDA runtime).
//
//	b, err := cudaops.New()       // an error, not a crash, without a GPU
//	if err != nil {
//		log.Print(err)            // and run on linalg.CPU{} instead
//	}
//	defer b.Close()               // frees the device memory
//	g := autodiff.NewOn(b)        // a graph whose heavy ops run on the GPU
//
// # Two builds
//
// The backend exists only in a binary built with the build tag cuda
// (go build -tags cuda), which links gorgonia's cu package and so libcuda. Without
// the tag the package still builds, with the same API, and New returns
// ErrNotBuilt, which says to rebuild with -tags cuda; the engine then runs
// on the CPU. A plain go build or go test never links cu.
//
// A cuda binary needs the driver library libcuda.so.1 to start: without it
// the dynamic loader stops the program before any Go code runs
// ("error while loading shared libraries: libcuda.so.1"), which no Go code
// can turn into an error. With the library present but no usable GPU (no
// device, a driver older than 520, or the stub libcuda from the CUDA
// headers package), the cu package's init would print a message
// and exit the process, because its init calls cuInit and exits when that
// fails. cudaops defines cuInit itself (shim_cuda.go): the static linker
// binds cu's call to that definition rather than the driver's, and it calls
// the driver's cuInit, remembers the result and reports success, so cu's
// init returns and New returns the driver's error (an *Error naming
// cuInit). CI runs the cuda test binary against the stub library this way:
// the GPU tests skip, saying why, and one test checks the error.
//
// # What runs on the GPU
//
// The methods of linalg.Backend (MatMul, PairwiseSqDist, MeanShiftStep),
// the capability linalg.PairwiseDiffer (PairwiseDiffDot and
// PairwiseDiffSum: the derivatives of distances, and so of mean shift's
// expansion), and linalg.Einsumer for an einsum that is one product of two
// matrices ("ik,kj->ij" and its transposes, as the lesson's weights @ X);
// other einsums, and every op of a graph the backend has no kernel for
// (elementwise arithmetic, reductions, softmax), run on the CPU, which
// reads device tensors on the host. So a graph's matrix products and their
// VJPs (which are matrix products), distances and their VJPs, and mean
// shift steps run on the GPU; meanshift.Cluster given this backend runs its
// exact Gaussian updates on it.
//
// # Device tensors and the bytes that move
//
// The backend's results are device tensors (linalg.OnDevice): the values
// stay in GPU memory, so a graph whose consecutive ops run on the GPU never
// copies an intermediate to the host. A host tensor given to an op is
// uploaded; a device tensor of this backend is used in place; reading a
// result on the host (Values, At, a CPU op) downloads it once. BytesMoved
// (linalg.Mover) counts both directions. Device memory is freed when a
// tensor's device copy goes stale, by Tensor.Release, or by Close, never by
// a finalizer.
//
// Every driver call runs on one goroutine that locked its OS thread and
// holds the CUDA context (a context belongs to a thread); the methods send
// their calls to it. Driver errors name the failing call; a module that
// fails to load reports the JIT compiler's log. linalg.Backend's methods
// have no error result, so a driver failure under them (out of device
// memory) panics with an *Error; it is a linalg.DeviceFailure, which a
// graph's Run (and Gradient, JVP …) and meanshift.Cluster recover and
// return as their error.
//
// # The kernels
//
// kernels/*.cu holds the CUDA C: the lesson's matmul (one thread per
// output, 16×16 blocks), a shared-memory tiled matmul with register
// blocking (the default: a block computes a 128×128 tile of C in float32,
// 64×64 in float64, each thread an 8×8 or 4×4 block of it in registers), a
// fused Gaussian mean shift update (one query per thread, the data streamed
// through shared memory a tile at a time, the sums Σw·(x−y) and Σw kept in
// registers with a running minimum of the squared distances, as flash
// attention keeps a running maximum, so the n×n weights never exist and
// nothing underflows), pairwise squared distances from differences and
// their JVP and VJP (linalg.PairwiseDiffer), and the column ranges that choose linalg.MeanShiftScale's σ on the device. Each
// has a Go twin in package cudaops/twin, run by the launch emulator of
// linalg/launch and tested against the CPU on every machine; the package
// doc of twin explains the kernels and where their rounding differs from
// the CPU's.
//
// The mean shift kernel computes linalg.CPU.MeanShiftStep: the same
// power-of-two scale σ, the same centred update y + σ·Σw e/Σw, the nearest
// point of weight exactly 1, and the same special cases (h ≤ 0 or NaN,
// n = 0, NaN rows, infinite data). It differs in one pass instead of two:
// a weight is the product of the exponentials of its rescalings rather than
// one exponential, and sums are fused multiply-adds, so float64 results
// agree with the CPU to rounding (the tests ask 1e-12 relative; the Go
// twin, which has the same one-pass arithmetic, agrees to that on every
// machine).
//
// # Making the PTX (go generate)
//
// The kernels ship as PTX, embedded with go:embed (ptx/*.ptx), which the
// driver compiles for whatever GPU it finds. It is made by nvcc 11.8 for
// compute capability 5.2 (PTX ISA 7.8): every driver from 520 on loads it,
// where PTX from a newer nvcc fails on drivers older than that nvcc
// (CUDA_ERROR_UNSUPPORTED_PTX_VERSION, 222). The exact steps, on Debian
// bookworm (x86-64):
//
//	eval "$(bash .ci/cuda-toolchain.sh)"   # fetch nvcc 11.8 (once; cached)
//	go generate ./cudaops/                 # runs kernels/gen.sh
//
// .ci/cuda-toolchain.sh downloads nvidia-cuda-toolkit, nvidia-cuda-dev
// (both 11.8.89~11.8.0-5~deb12u1, from bookworm's contrib and non-free
// sections) and libnvvm4 with apt-get download into ~/.cache/epsilon-cuda,
// unpacks with dpkg-deb -x only what is needed (the headers, the stub
// libcuda.so, nvcc, cicc, cudafe++, ptxas, libdevice), writes an
// nvcc.profile relative to nvcc's folder (Debian's points at /etc), and
// prints the environment: NVCC, PTXAS, CGO_CFLAGS, CGO_LDFLAGS. gen.sh then
// runs, for each kernels/NAME.cu,
//
//	nvcc -ccbin g++ -allow-unsupported-compiler -ptx -arch=compute_52 -std=c++14 -o ptx/NAME.ptx kernels/NAME.cu
//
// (nvcc 11.8 supports gcc up to 11; bookworm has gcc 12, which for -ptx
// only preprocesses). The output is deterministic, so CI regenerates it and
// fails if the committed PTX is stale, and assembles it with ptxas for
// sm_52 and sm_90, so a PTX syntax or resource error fails CI. Without
// nvcc 11.8, gen.sh says so and leaves the PTX alone: go generate works
// anywhere.
//
// # Building and testing with the tag
//
//	eval "$(bash .ci/cuda-toolchain.sh)"
//	go build -tags cuda ./...
//	go vet -tags cuda ./cudaops/... ./examples/gpu/
//	go test -tags cuda ./cudaops/                    # on a machine with a GPU
//	go test -c -tags cuda -o cudaops.test ./cudaops/ # to carry to one
//
// (Not go vet -tags cuda ./...: autodiff's tests import gorgonia, whose own
// files under the cuda tag need the cuDNN and cuBLAS headers.)
// gorgonia's cu package (v0.9.6) builds against the CUDA 11.8 headers (not against
// CUDA 13's, where cuCtxCreate changed); the binary needs only libcuda.so.1
// at run time. The tests of the cuda build compare every kernel with the
// CPU backend (float64 to 1e-12, float32 to 1e-4) on awkward shapes, check
// a graph's value and gradients on the GPU against the CPU, and skip with
// the reason when there is no GPU. bench/gpu/run.sh runs them and the
// side-by-side benchmark with PyTorch on a GPU machine.
package cudaops
