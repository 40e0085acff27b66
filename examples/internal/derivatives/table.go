package derivatives

import (
	"fmt"
	"io"
	"math"

	"github.com/epsilon-engine/epsilon/autodiff/fd"
)

// tableSteps are relative steps (fd.Settings.Step) chosen to show both arms
// of the error curve: 1e-2 is truncation-limited, 1e-5 and 1e-8 are near the
// optima of central and forward differences, 1e-11 is rounding-limited.
var tableSteps = []float64{1e-2, 1e-5, 1e-8, 1e-11}

// printDualTable prints f, f′, f″ from dual numbers and the closed-form f′.
func printDualTable(w io.Writer, exs []example) {
	fmt.Fprintln(w, "Dual numbers: f from Float, f′ from Number, f″ from Hyper (each function written once)")
	fmt.Fprintln(w)
	fmt.Fprintf(w, "  %-18s %5s  %22s %22s %22s %22s\n", "f(x)", "x", "f", "f′ (dual)", "f′ (closed form)", "f″ (dual)")
	for _, e := range exs {
		for _, x := range e.points {
			fmt.Fprintf(w, "  %-18s %5g  %22s %22s %22s %22s\n", e.name, x,
				num(e.value(x)), num(e.deriv(x)), num(e.exact(x)), num(e.second(x)))
		}
	}
	fmt.Fprintln(w)
}

// printFiniteDifferences prints forward and central differences of f′ at
// each step, with their distance from the closed form, then Richardson's
// extrapolation with its own error estimate. At a kink there is no f′ to
// compare with, so it prints the one-sided slopes instead.
func printFiniteDifferences(w io.Writer, exs []example) {
	fmt.Fprintln(w, "Finite differences of f′ (h is relative: the step is h·|x|, or h at x = 0); |err| is against the closed form")
	for _, e := range exs {
		for _, x := range e.points {
			fmt.Fprintf(w, "\n  %s at x = %g\n", e.name, x)
			if e.isKink(x) {
				printKink(w, e, x)
				continue
			}
			exact := e.exact(x)
			fmt.Fprintf(w, "    %-8s %22s %9s %22s %9s\n", "h", "forward", "|err|", "central", "|err|")
			for _, h := range tableSteps {
				fw := fd.Derivative(e.plain, x, &fd.Settings{Formula: fd.Forward, Step: h})
				ce := fd.Derivative(e.plain, x, &fd.Settings{Formula: fd.Central, Step: h})
				fmt.Fprintf(w, "    %-8.0e %22s %9.1e %22s %9.1e\n", h, num(fw), math.Abs(fw-exact), num(ce), math.Abs(ce-exact))
			}
			r := fd.Richardson(e.plain, x, nil)
			fmt.Fprintf(w, "    Richardson %s ± %.1e (estimated), |err| %.1e, %d evaluations\n",
				num(r.Value), r.Err, math.Abs(r.Value-exact), r.Evals)
		}
	}
	fmt.Fprintln(w)
}

// printKink explains a point where f′ does not exist: the one-sided slopes
// differ, a central difference averages them, and the dual number reports
// the PyTorch/JAX convention.
func printKink(w io.Writer, e example, x float64) {
	left, right := fd.OneSided(e.plain, x)
	central := fd.Derivative(e.plain, x, nil)
	fmt.Fprintf(w, "    kink: f′ does not exist; left slope %s ± %.1e, right slope %s ± %.1e (fd.OneSided)\n",
		num(left.Value), left.Err, num(right.Value), right.Err)
	fmt.Fprintf(w, "    central difference %s averages the two; dual gives the convention f′(%g) = %s\n",
		num(central), x, num(e.deriv(x)))
}

// printBestSteps locates the bottom of each formula's error V for the
// function of error-vs-step.png.
func printBestSteps(w io.Writer) {
	e := sweepExample()
	fmt.Fprintf(w, "Best absolute steps for %s at x = %g (fd.Sweep over 1e-16..1e-1, see error-vs-step.png):\n", e.name, sweepX)
	for _, f := range sweepFormulas {
		best := fd.BestStep(fd.Sweep(e.plain, sweepX, e.exact(sweepX), f, sweepSteps()))
		fmt.Fprintf(w, "  %-9s h* = %.1e  |err| = %.1e\n", f.Name, best.Step, best.AbsErr)
	}
}

// num formats a value with all the digits that matter, or "—" where it
// does not exist.
func num(v float64) string {
	if math.IsNaN(v) {
		return "—"
	}
	return fmt.Sprintf("%.15g", v)
}
