// Package render draws an autodiff graph as an SVG picture, with Graphviz
// compiled to WebAssembly (github.com/goccy/go-graphviz): no system graphviz
// and no cgo. It is a separate package so that programs which never draw
// do not link the Graphviz runtime.
//
// SVG is the only output: go-graphviz's PNG renderer lost every node outline
// and edge here, while its SVG is complete.
package render
