// rows.cpp runs one of the kernels of cudaops/kernels that put the rows of
// their result on grid.y (the matmuls of matmul.cu, sqdist of
// meanshift.cu, diffdot and diffsum of pairwise.cu) on the CPU (see
// cuda_host.h), launched in slabs as the cuda backend launches them: one
// launch per slab, each with its row-block offset y0 as the kernel's last
// argument. cudaops's TestRowKernelSourceOnHost builds and runs it.
//
//	rows ELEM KERNEL GRIDX BLOCKX BLOCKY SLABS OUTLEN INLENS ARGS... < values
//
// ELEM is 4 or 8; KERNEL the kernel's name without the type suffix
// (matmul_naive, matmul_tiled (float64), matmul_tiled_v1, matmul_tiled_f32_nn
// … _tt (float32), sqdist, diffdot, diffsum); SLABS the launches as
// "y0:rows,y0:rows,…" (rows of blocks each); OUTLEN the result's length;
// INLENS the lengths of the input arrays, comma-separated, whose values
// stdin holds in order as C99 hex floats; ARGS the kernel's integer
// arguments after its pointers, y0 excluded. stdout gets the result, one
// value per line.
#include "cuda_host.h"

#include <cstdio>
#include <cstdlib>
#include <functional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "../matmul.cu"
#include "../meanshift.cu"
#include "../pairwise.cu"

// launch runs kernel over gx × gy blocks of bx × by threads: bx·by OS
// threads, which take the blocks one after another, all finishing one
// block (a barrier) before any starts the next, so that a block's
// __shared__ arrays (statics) are its own while it runs.
static void launch(unsigned gx, unsigned gy, unsigned bx, unsigned by, const std::function<void()>& kernel) {
	gridDim = {gx, gy, 1};
	blockDim = {bx, by, 1};
	const unsigned n = bx * by;
	pthread_barrier_t bar;
	pthread_barrier_init(&bar, nullptr, n);
	blockBarrier = &bar;
	std::vector<std::thread> ts;
	for (unsigned t = 0; t < n; t++) {
		ts.emplace_back([=, &bar, &kernel] {
			threadIdx = {t % bx, t / bx, 0};
			for (unsigned y = 0; y < gy; y++) {
				for (unsigned x = 0; x < gx; x++) {
					blockIdx = {x, y, 0};
					kernel();
					pthread_barrier_wait(&bar); // the block is done
				}
			}
		});
	}
	for (auto& th : ts) th.join();
	pthread_barrier_destroy(&bar);
}

static std::vector<i64> ints(const std::string& s, char sep) {
	std::vector<i64> v;
	std::stringstream in(s);
	std::string f;
	while (std::getline(in, f, sep))
		if (!f.empty()) v.push_back(std::atoll(f.c_str()));
	return v;
}

// Kernel calls one kernel on the inputs, the output, the integer
// arguments and y0.
template <typename T>
using Kernel = std::function<void(std::vector<T*>&, T*, const std::vector<i64>&, i64)>;

template <typename T> static Kernel<T> kernelOf(const std::string& name);

#define MM(K) [](std::vector<T*>& in, T* out, const std::vector<i64>& a, i64 y0) { K(in[0], in[1], out, a[0], a[1], a[2], a[3], a[4], a[5], a[6], y0); }
#define SGEMM_K(K) [](std::vector<T*>& in, T* out, const std::vector<i64>& a, i64 y0) { K(in[0], in[1], out, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], y0); }

template <> Kernel<float> kernelOf<float>(const std::string& name) {
	typedef float T;
	if (name == "matmul_naive") return MM(matmul_naive_f32);
	if (name == "matmul_tiled_v1") return MM(matmul_tiled_v1_f32);
	if (name == "matmul_tiled_f32_nn") return SGEMM_K(matmul_tiled_f32_nn);
	if (name == "matmul_tiled_f32_tn") return SGEMM_K(matmul_tiled_f32_tn);
	if (name == "matmul_tiled_f32_nt") return SGEMM_K(matmul_tiled_f32_nt);
	if (name == "matmul_tiled_f32_tt") return SGEMM_K(matmul_tiled_f32_tt);
	if (name == "sqdist") return [](std::vector<T*>& in, T* out, const std::vector<i64>& a, i64 y0) { sqdist_f32(in[0], in[1], out, a[0], a[1], a[2], y0); };
	if (name == "diffdot") return [](std::vector<T*>& in, T* out, const std::vector<i64>& a, i64 y0) { diffdot_f32(in[0], in[1], in[2], in[3], out, a[0], a[1], a[2], a[3], a[4], y0); };
	if (name == "diffsum") return [](std::vector<T*>& in, T* out, const std::vector<i64>& a, i64 y0) { diffsum_f32(in[0], in[1], in[2], out, a[0], a[1], a[2], a[3], y0); };
	return nullptr;
}

template <> Kernel<double> kernelOf<double>(const std::string& name) {
	typedef double T;
	if (name == "matmul_naive") return MM(matmul_naive_f64);
	if (name == "matmul_tiled") return MM(matmul_tiled_f64);
	if (name == "sqdist") return [](std::vector<T*>& in, T* out, const std::vector<i64>& a, i64 y0) { sqdist_f64(in[0], in[1], out, a[0], a[1], a[2], y0); };
	if (name == "diffdot") return [](std::vector<T*>& in, T* out, const std::vector<i64>& a, i64 y0) { diffdot_f64(in[0], in[1], in[2], in[3], out, a[0], a[1], a[2], a[3], a[4], y0); };
	if (name == "diffsum") return [](std::vector<T*>& in, T* out, const std::vector<i64>& a, i64 y0) { diffsum_f64(in[0], in[1], in[2], out, a[0], a[1], a[2], a[3], y0); };
	return nullptr;
}

template <typename T>
static int run(char** a, int nargs) {
	const std::string name = a[0];
	const unsigned gx = std::atoi(a[1]), bx = std::atoi(a[2]), by = std::atoi(a[3]);
	std::vector<std::vector<i64>> slabs; // {y0, rows of blocks}
	{
		std::stringstream in(a[4]);
		std::string f;
		while (std::getline(in, f, ',')) slabs.push_back(ints(f, ':'));
	}
	const i64 outLen = std::atoll(a[5]);
	std::vector<i64> lens = ints(a[6], ',');
	std::vector<i64> args;
	for (int i = 7; i < nargs; i++) args.push_back(std::atoll(a[i]));
	Kernel<T> k = kernelOf<T>(name);
	if (!k) {
		std::fprintf(stderr, "rows: no kernel %s for %zu-byte values\n", name.c_str(), sizeof(T));
		return 2;
	}
	// Each input gets 16-byte aligned storage (cuMemAlloc's are 256-byte
	// aligned), so the float4 paths may read it.
	std::vector<std::vector<float4>> store;
	std::vector<T*> in;
	for (i64 n : lens) {
		store.emplace_back((n * sizeof(T) + 15) / 16 + 1);
		T* p = reinterpret_cast<T*>(store.back().data());
		for (i64 i = 0; i < n; i++) {
			double w;
			if (std::scanf("%la", &w) != 1) {
				std::fprintf(stderr, "rows: short input\n");
				return 2;
			}
			p[i] = (T)w;
		}
		in.push_back(p);
	}
	std::vector<float4> outStore((outLen * sizeof(T) + 15) / 16 + 1);
	T* out = reinterpret_cast<T*>(outStore.data());
	for (auto& s : slabs) {
		if (s.size() != 2) {
			std::fprintf(stderr, "rows: bad slab list %s\n", a[4]);
			return 2;
		}
		const i64 y0 = s[0];
		launch(gx, (unsigned)s[1], bx, by, [&] { k(in, out, args, y0); });
	}
	for (i64 i = 0; i < outLen; i++) std::printf("%a\n", (double)out[i]);
	return 0;
}

int main(int argc, char** argv) {
	if (argc < 9) {
		std::fprintf(stderr, "usage: rows ELEM KERNEL GRIDX BLOCKX BLOCKY SLABS OUTLEN INLENS ARGS... < values\n");
		return 2;
	}
	if (std::string(argv[1]) == "4") return run<float>(argv + 2, argc - 2);
	return run<double>(argv + 2, argc - 2);
}
