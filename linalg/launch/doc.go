// Package launch runs a CUDA-style kernel, written in Go, on the CPU.
//
// A CUDA kernel is one function that every thread of a launch runs. The
// threads are grouped into blocks; a thread finds its work from four
// coordinates, the block's index in the grid and its own index in the block:
//
//	row := blockIdx.y*blockDim.y + threadIdx.y
//	col := blockIdx.x*blockDim.x + threadIdx.x
//
// Lesson 12 of fast.ai's course runs its matmul kernel body on the CPU
// through a plain loop over grid and block indices before it compiles the
// kernel for the GPU, so the indexing can be debugged where print works.
// This package is that loop, made faithful enough to debug the harder
// kernels too: the threads of a block share memory (Shared, CUDA's
// __shared__ arrays) and wait for each other at barriers (SyncThreads,
// CUDA's __syncthreads()).
//
// # How a launch runs
//
// Blocks run one after another, x fastest. Within a block, each thread is a
// coroutine: the threads run one at a time, each until its next barrier or
// its end, in the order the Config asks for (InOrder, Reverse or Shuffled),
// and then the next phase starts. So a kernel that reads shared memory
// another thread writes in the same phase — a missing barrier — reads a
// stale value, and shared float arrays start as NaN, so a value read before
// any thread wrote it shows up as NaN in the result. Running a test under
// each Order catches a missing barrier whichever direction the data flows.
// A barrier that some threads of a block reach and others do not (CUDA's
// undefined behaviour, usually a hang) is an error, and so is a panic in
// the kernel, such as an index out of range from an off-by-one tile bound:
// Run returns it naming the block and thread.
//
// Launch limits are CUDA's: at most 1024 threads per block (x and y at
// most 1024, z at most 64), grid y and z at most 65535, and 48 KiB of
// shared memory per block. A configuration outside them is an error, so a
// kernel that runs here also launches on a GPU.
//
// The emulator is for correctness and teaching, not speed: a thread costs a
// coroutine switch or two, about 0.6 µs here, so a million-thread launch
// takes over half a second, some 900 times the lesson's plain loop over the
// same indices (BenchmarkLaunchThreads measures both).
package launch
