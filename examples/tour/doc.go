// Command tour walks through the whole epsilon engine in six chapters,
// printing short explanations and results, writing pictures, and gathering
// both on one page (index.html) to read in a browser, offline.
//
//  1. derivatives: dual numbers as infinitesimals, f, f′ and f″, and why a
//     finite difference has a best step while a dual number has none;
//  2. gradcheck: a small network checked three ways, a broken op blamed, a
//     kink recognised, the graph coloured by the check;
//  3. matmul: the lesson's ladder from a triple loop to the fastest kernel,
//     timed beside the lesson's own figures, and einsum as the same product;
//  4. meanshift: the lesson's data clustered, the kernels, distances, mean
//     shift as gradient ascent on a density, and the neighbour grid;
//  5. inverse: recovering an input from an output by gradient descent
//     through the engine, and why many inputs give the same output;
//  6. gpu: what ran on the GPU, with times and bytes moved — or how to build
//     with -tags cuda when there is none.
//
// Usage:
//
//	go run ./examples/tour [-chapter name[,name…]] [-quick] [-out folder] [-html=false]
//
// -quick runs smaller cases with fewer repetitions (under a minute on two
// cores); every chapter also runs alone with -chapter.
package main
