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
// (go build -tags cuda), which links gorgonia's cu package. Without the
// tag the package still builds, with the same API, and New returns
// ErrNotBuilt, which says to rebuild with -tags cuda; the engine then runs
// on the CPU. A plain go build or go test never links cu.
//
// # How the driver is loaded
//
// A cuda binary starts on any machine, with or without the NVIDIA driver,
// and New says what is missing. A binary linked against the driver's
// library, libcuda.so.1 (cu asks for -lcuda), would not: on a machine
// without the driver the dynamic loader stops it before any Go code runs
// ("error while loading shared libraries: libcuda.so.1"), and no Go code
// can turn that into an error. So the library is opened at run time:
//
//   - driver_fwd_cuda.c defines every driver function that cu and cudaops
//     call (159 with cu v0.9.6: cuMemAlloc_v2, cuLaunchKernel, …), each with its
//     prototype from CUDA 11.8's cuda.h, forwarding to the function of the
//     same name in the library. The static linker binds cu's calls to these
//     definitions. go generate writes the file (internal/driverfwd reads
//     which functions cu and cudaops call, under cuda.h's macros, such as
//     cuMemAlloc → cuMemAlloc_v2, and their prototypes from cuda.h); CI
//     fails if it is stale.
//   - driver_cuda.c opens libcuda.so.1 with dlopen on the first call, once
//     for all threads (pthread_once), and looks every function up with
//     dlsym; if dlopen fails it keeps dlerror's text, and every forwarder
//     returns CUDA_ERROR_NOT_INITIALIZED.
//   - cudaops links with -Wl,--as-needed, which comes before cu's -lcuda on
//     the link line: the linker records a library as needed only if it
//     defines a symbol the binary lacks, and the forwarders leave none, so
//     the binary does not name libcuda.so.1 (CI checks with readelf -d).
//     The linker still reads a libcuda.so (the stub of the CUDA headers
//     package will do), so building needs one; running does not. (The
//     order holds when the program reaches cu through cudaops. A program
//     that imports cu itself may find cu's -lcuda first; Debian's gcc links
//     --as-needed anyway, elsewhere add -Wl,--as-needed to CGO_LDFLAGS.)
//   - cu's package init calls cuInit and exits the process when it fails.
//     driver_cuda.c defines cuInit as well: it calls the driver's, keeps
//     the result (or that the library did not open) and reports success,
//     so cu's init returns.
//
// New then returns an *Error naming what failed: dlopen(libcuda.so.1),
// with dlerror's text, where there is no driver; cuInit(0), with the
// driver's code, where the driver has no usable GPU (no device, 100; a
// driver older than 520, 35; the stub library, 34). The forwarders have
// hidden visibility: they serve the binary's own calls and are exported to
// no shared library. CI runs the cuda test binary with no libcuda.so.1 and
// with the stub one: the GPU tests skip, saying why, and
// TestNewWithoutDriver checks New's error in each case.
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
// output, 16×16 blocks), shared-memory tiled matmuls with register
// blocking (the default: in float32 the SIMT SGEMM described below, a
// block computing a 128×128 tile of C, each thread an 8×8 block of it in
// registers; in float64 a 64×64 tile with 4×4 per thread, the design of
// the first float32 kernel, which stays as matmul_tiled_v1_f32), a
// fused Gaussian mean shift update (one query per thread, the data
// streamed through shared memory a tile at a time, the sums Σw·(x−y) and
// Σw kept in registers with a running minimum of the squared distances,
// as flash attention keeps a running maximum, so the n×n weights never
// exist and nothing underflows; for few queries the data is split over
// blocks and a second kernel merges their partial sums), pairwise squared
// distances from differences and their JVP and VJP
// (linalg.PairwiseDiffer), and the column ranges that choose
// linalg.MeanShiftScale's σ on the device. Each has a Go twin in package
// cudaops/twin, run by the launch emulator of linalg/launch and tested
// against the CPU on every machine; the package doc of twin explains the
// kernels and where their rounding differs from the CPU's. The CUDA
// source itself also runs on the CPU: kernels/host compiles the .cu files
// with g++ (a thread per CUDA thread, a barrier for __syncthreads), and
// tests run the backend's mean shift launch plans, and the other kernels
// launched in slabs, with it against the twins and the CPU.
//
// CUDA allows 65,535 blocks along a grid's y. The kernels that put the
// rows of their result there (the matmuls, the distances and their
// derivatives; from 1,048,561 rows for the 16-row blocks) take a
// row-block offset y0 as their last argument, and the backend launches a
// taller grid in slabs of at most 65,535 rows of blocks (twin.Slabs), all
// queued before one synchronisation. Every launch is checked against
// CUDA's limits (twin.CheckLaunch) and against the kernel's parameter
// count in the PTX before the driver sees it; a violation is an *Error
// naming the kernel and the grid.
//
// The mean shift kernel computes linalg.CPU.MeanShiftStep: the same
// power-of-two scale σ, the same centred update y + σ·Σw e/Σw, the nearest
// point of weight 1, and the same special cases (h ≤ 0 or NaN, n = 0, NaN
// rows, infinite data). It differs in one sweep instead of two: a weight
// is the product of the exponentials of its rescalings rather than one
// exponential, and sums are fused multiply-adds, so float64 results agree
// with the CPU to rounding (the tests ask 1e-12 relative; the Go twin,
// which has the same arithmetic, agrees to 7.2e-16 on every machine). In
// float32 the exponential is the GPU's ex2.approx (2^t, about 2 ulp), with
// log2 e folded into the exponent's coefficient, so a weight costs one
// special-function instruction and no division (tests: 1e-4).
//
// # The mean shift kernel on the GPU: static facts and an estimate
//
// How one update is launched (twin.PlanMeanShift, from m and n alone, the
// same on every GPU): blocks of 128 queries; while the queries fill fewer
// than 264 blocks (two per SM of an H100 or H200), the data is split into
// S chunks of at least about 32 points, one per block, and
// meanshift_merge folds the S partial sums in a fixed order. The lesson's
// 1,500 points: 12 × 22 blocks and the merge, two launches per update;
// 100,000 points: 782 blocks, one launch. MeanShift32 (the lesson's
// blurring loop) is one hand-over to the driver goroutine: one upload,
// the launches queued without waiting, one download; its device memory is
// reused between runs of one size (a test counts the driver calls). Before
// this design every update made two device allocations and two frees, two
// launches each followed by a synchronisation, and two downloads (the
// column ranges for σ): eight hand-overs, forty for the lesson's run.
//
// ptxas 11.8 for sm_90 (PTX for compute_52; ptxas -v, no spills anywhere):
//
//	kernel              regs  shared   (old kernel for the lesson's 2-D float32: meanshift_d4_f32, 35 regs, 8 KB)
//	meanshift_d2_f32     32    8 KB    16 blocks of 128 threads fit an SM (full occupancy)
//	meanshift_d2_f64     48   16 KB
//	meanshift_d4_f32     32    8 KB
//	meanshift_d16_f32    80    8 KB
//	meanshift_merge_f32  40    –
//
// The inner loop for 2-D float32 in sm_90 SASS (cuobjdump, nvdisasm 11.8):
// before, 79 instructions issued per pair on the common path (the d ≤ 4
// kernel's predicated coordinates 3 and 4, an IEEE division by 2u² with
// its slow-path check, expf's 8-instruction range reduction around
// MUFU.EX2, a branch per point, a 64-bit loop counter); now 18.5 per pair,
// unrolled four points per iteration: pass 1, 27 instructions per 4 points
// (2 LDS.128, 8 FADD, 8 FFMA, 4 FMNMX, 5 loop), and pass 2, 47 per 4
// points (2 LDS.128, 16 FADD, 16 FFMA, 4 FMUL, 4 MUFU.EX2, 5 loop). Per
// pair: 14 FP32-pipe instructions, one MUFU.EX2, half an LDS.128 per pass
// (one 16-byte broadcast load for two points), no branch or predicated
// instruction; the rescaling runs at most once per tile of 1,024 points.
//
// An estimate, not a measurement (no GPU was at hand when it was written):
// an H200 issues one instruction per clock per scheduler, 4 per SM, 132
// SMs at up to 1.98 GHz; at 18.5 instructions per pair the update is bound
// by issue at 128/18.5 ≈ 6.9 pairs per clock per SM (the FP32 pipe, 128 per
// clock, would allow 9.1; MUFU.EX2, 16 per clock, 16), so about 1.8e12
// pairs per second at full issue: n = 100,000 (1e10 pairs) in 5.5 ms, or
// 7–9 ms at 60–80% of issue, plus about 0.5 ms of upload, download and
// host scan. The lesson's torch code (batches of 1,250 rows) moves about
// 11.5 GB of memory per batch for its 1,250×100,000×2 broadcast and the
// elementwise passes after it, 80 batches per iteration: about 230 ms at
// 4 TB/s. The 1,500-point, 5-update run is latency-bound: ten launches of
// a few µs each, queued behind one another, plus the copies and the
// hand-over, about 0.1 ms. bench/gpu/run.sh measures both beside torch.
//
// # The float32 matmul, statically
//
// The default float32 kernel, matmul_tiled_f32_{nn,tn,nt,tt} (twin.Sgemm
// tells it in Go), is the SIMT SGEMM of CUTLASS and of the well-known
// tutorials: 256 threads per 128×128 tile, 8 values of k per step; each
// thread's 8×8 outputs are 2×2 groups of 4×4, so it reads shared memory as
// float4s without bank conflicts; each thread copies 4 consecutive
// elements of each operand per step, one float4 (LDG.128) when the host
// (twin.PlanSgemm, once per launch) finds the operand aligned and its
// sizes multiples of 4; two copies of the shared tiles, the next step's
// global loads issued before this step's 512 multiply-adds, one barrier
// per step; 32-bit offsets, guarded on the host. Until it has run on a GPU
// (bench/gpu/run.sh sets it beside cuBLAS) these are facts of its code,
// not of its speed: ptxas 11.8 -v on the committed PTX, and the
// instructions of its main loop, one step along k, in the sm_90 and sm_80
// SASS (cuobjdump -sass, counted by kernels/sassloop.py), for A·B (_nn)
// against the first tiled kernel, matmul_tiled_v1_f32 (thread-strided 8×8
// outputs, scalar loads with 64-bit index math, two barriers per step):
//
//	                                v1                  sgemm _nn
//	registers, sm_90 (spilled)      128 (72 bytes)      128 (none)
//	registers, sm_80 (spilled)      151 (none)          128 (none)
//	blocks of 256 per SM, sm_80     1                   2
//	shared memory per block         8 KiB               16 KiB
//	barriers per step               2                   1
//	global loads per thread, step   8 LDG.32            2 LDG.128
//	shared loads per thread, step   128 LDS.32          32 LDS.128
//	main loop, sm_90, all paths     1650 (31.0% FFMA)   653 (78.4% FFMA)
//	  on the A·B path               ≥ 652 (≤ 78.5%)     589 (86.9% FFMA)
//	main loop, sm_80, all paths     1444 (35.5% FFMA)   649 (78.9% FFMA)
//	  on the A·B path               ≥ 644 (≤ 79.5%)     587 (87.2% FFMA)
//
// "All paths" counts every instruction of the loop once: v1's holds the
// copy loops for both layouts of each operand, sgemm's both load widths.
// The A·B path is what one step executes for row-major operands on the
// float4 path; v1's is its compute section alone (between its barriers,
// 512 FFMA and 128 LDS), to which its copy loops add. The other three
// layouts compile alike (sm_90: 124 to 128 registers, no spills); CI
// fails if one needs more than 128 registers or spills on sm_80 or sm_90.
// A GPU's driver compiles the PTX with its own ptxas, whose figures may
// differ.
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
//	bash bench/gpu/build.sh                         # binaries to carry to one
//
// bench/gpu/build.sh links the carried binaries against Debian bullseye's
// glibc 2.31 (.ci/glibc-sysroot.sh), so that they need at most GLIBC_2.17
// and start on the GPU machine whatever its distribution; a plain
// go test -c -tags cuda builds against this machine's glibc.
//
// (Not go vet -tags cuda ./...: autodiff's tests import gorgonia, whose own
// files under the cuda tag need the cuDNN and cuBLAS headers.)
// gorgonia's cu package (v0.9.6) builds against the CUDA 11.8 headers (not against
// CUDA 13's, where cuCtxCreate changed); at run time the binary needs
// libcuda.so.1 only to use a GPU (see How the driver is loaded). The tests of the cuda build compare every kernel with the
// CPU backend (float64 to 1e-12, float32 to 1e-4) on awkward shapes, check
// a graph's value and gradients on the GPU against the CPU, and skip with
// the reason when there is no GPU. bench/gpu/run.sh runs them and the
// side-by-side benchmark with PyTorch on a GPU machine.
package cudaops

//go:generate go run ./internal/driverfwd
