package main

import (
	"bytes"
	"strings"

	"github.com/epsilon-engine/epsilon/examples/internal/checks"
)

// gradcheckChapter runs the lesson of examples/gradcheck (package checks)
// and shows each graph coloured by the check.
func gradcheckChapter(c *chapter) error {
	c.Para("A gradient check computes every derivative three ways: reverse mode (the ops' VJP rules, the gradient in one backward pass), " +
		"forward mode (their JVP rules, one pass per direction) and Richardson-extrapolated finite differences (no rules at all). " +
		"The two modes share nothing but the forward values and finite differences share nothing with either, so when one of the three " +
		"disagrees, gradcheck.Check re-checks every op in isolation at the values it saw and blames the one whose rule is wrong, by name. " +
		"This is the program examples/gradcheck.")
	captions := map[string]string{
		"gradcheck-network.svg":  "The small network (two layers, a custom swish op, log-sum-exp loss): every node green, every rule right.",
		"gradcheck-wrong-op.svg": "The same network with a swish whose VJP forgets a term of the product rule: the op is blamed (red), everything else passed (green).",
		"gradcheck-kink.svg":     "Σ|x| with one element at 0: a kink, where the one-sided slopes −1 and 1 differ and the rules give the convention 0 between them.",
		"gradcheck-float32.svg":  "A sine rounded to float32: finite differences are defeated by rounding, which a sweep of the step detects — the rules are right.",
		"gradcheck-nan.svg":      "√x − √x at x = 0: the gradient's two paths carry +∞ and −∞, and the node where their sum becomes NaN is marked.",
	}
	for _, sc := range checks.Scenarios {
		var out bytes.Buffer
		paths, err := checks.Run(c.dir, &out, []checks.Scenario{sc})
		text := out.String()
		if i := strings.Index(text, "  picture: "); i >= 0 {
			text = text[:i] // the chapter prints where the picture is itself
		}
		c.Pre(text)
		if err != nil {
			return err
		}
		c.Picture(paths[0], captions[sc.File])
	}
	return nil
}
