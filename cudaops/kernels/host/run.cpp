// run.cpp runs one mean shift update of cudaops/kernels/meanshift.cu on
// the CPU (see cuda_host.h), as the cuda backend launches it: the fused
// kernel over gridX × gridY blocks of blockX threads and, with more than
// one split, the merge over gridX blocks. cudaops's TestKernelSourceOnHost
// builds and runs it.
//
//	run ELEM KERNEL GRIDX GRIDY BLOCKX M N D CHUNK SPLITS S SIGMA C < values
//
// ELEM is 4 or 8; KERNEL the fused kernel's name without the type suffix
// (meanshift_d2, …, meanshift_wide); stdin holds the m·d query values and
// then the n·d data values, as C99 hex floats; stdout gets the m·d results
// the same way, one per line.
#include "cuda_host.h"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include "../meanshift.cu"

// launch runs kernel over gx × gy blocks of bx threads: bx OS threads,
// which take the blocks one after another, all finishing one block (a
// barrier) before any starts the next, so that a block's __shared__ arrays
// (statics) are its own while it runs.
template <class F>
static void launch(unsigned gx, unsigned gy, unsigned bx, F kernel) {
	gridDim = {gx, gy, 1};
	blockDim = {bx, 1, 1};
	pthread_barrier_t bar;
	pthread_barrier_init(&bar, nullptr, bx);
	blockBarrier = &bar;
	std::vector<std::thread> ts;
	for (unsigned t = 0; t < bx; t++) {
		ts.emplace_back([=, &bar] {
			threadIdx = {t, 0, 0};
			for (unsigned by = 0; by < gy; by++) {
				for (unsigned b = 0; b < gx; b++) {
					blockIdx = {b, by, 0};
					kernel();
					pthread_barrier_wait(&bar); // the block is done
				}
			}
		});
	}
	for (auto& th : ts) th.join();
	pthread_barrier_destroy(&bar);
}

template <typename T>
using Part = void (*)(const T*, const T*, T*, T*, i64, i64, i64, i64, double, double, double);

template <typename T>
static int run(const std::string& kernel, char** a, Part<T> d2, Part<T> d4, Part<T> d16, Part<T> wide,
               void (*merge)(const T*, const T*, T*, i64, i64, i64, double, double)) {
	const unsigned gx = std::atoi(a[0]), gy = std::atoi(a[1]), bx = std::atoi(a[2]);
	const i64 m = std::atoll(a[3]), n = std::atoll(a[4]), d = std::atoll(a[5]), chunk = std::atoll(a[6]), splits = std::atoll(a[7]);
	const double s = std::strtod(a[8], nullptr), sigma = std::strtod(a[9], nullptr), c = std::strtod(a[10], nullptr);
	std::vector<T> y(m * d), x(n * d), out(m * d), part(splits > 1 ? splits * m * (d + 2) : 1);
	for (auto* v : {&y, &x}) {
		for (auto& e : *v) {
			double w;
			if (std::scanf("%la", &w) != 1) {
				std::fprintf(stderr, "run: short input\n");
				return 2;
			}
			e = (T)w;
		}
	}
	Part<T> k = kernel == "meanshift_d2" ? d2 : kernel == "meanshift_d4" ? d4 : kernel == "meanshift_d16" ? d16 : kernel == "meanshift_wide" ? wide : nullptr;
	if (!k) {
		std::fprintf(stderr, "run: no kernel %s\n", kernel.c_str());
		return 2;
	}
	T* p = splits > 1 ? part.data() : out.data();
	launch(gx, gy, bx, [&] { k(y.data(), x.data(), out.data(), p, m, n, d, chunk, s, sigma, c); });
	if (splits > 1) launch(gx, 1, bx, [&] { merge(y.data(), part.data(), out.data(), m, d, splits, sigma, c); });
	for (T v : out) std::printf("%a\n", (double)v);
	return 0;
}

int main(int argc, char** argv) {
	if (argc != 14) {
		std::fprintf(stderr, "usage: run ELEM KERNEL GRIDX GRIDY BLOCKX M N D CHUNK SPLITS S SIGMA C < values\n");
		return 2;
	}
	const std::string kernel = argv[2];
	if (std::string(argv[1]) == "4")
		return run<float>(kernel, argv + 3, meanshift_d2_f32, meanshift_d4_f32, meanshift_d16_f32, meanshift_wide_f32, meanshift_merge_f32);
	return run<double>(kernel, argv + 3, meanshift_d2_f64, meanshift_d4_f64, meanshift_d16_f64, meanshift_wide_f64, meanshift_merge_f64);
}
