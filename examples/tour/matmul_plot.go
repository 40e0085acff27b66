package main

import (
	"fmt"

	"github.com/epsilon-engine/epsilon/examples/matmul/ladder"
)

// ladderPicture sets the lesson's printed timings beside epsilon's for the
// same work, as a table and as examples/matmul's bar chart.
func ladderPicture(c *chapter, ms []ladder.Measurement) error {
	var rows [][]string
	for _, lt := range ladder.LessonTimings {
		eps, ratio := "—", "—"
		if s, ok := ladder.Lookup(ms, lt.Rung, lt.Rows); ok {
			eps = fmt.Sprintf("%s (%s)", seconds(s), lt.Rung)
			ratio = times(lt.Seconds / s)
		} else if lt.Rung != "" {
			eps = fmt.Sprintf("not measured in this run (%s)", lt.Rung)
		}
		rows = append(rows, []string{lt.Label, seconds(lt.Seconds), eps, ratio})
	}
	c.Para("The lesson's own timings (Python and PyTorch on 2022 hardware, as the lesson prints them) beside epsilon's float32 " +
		"time for the same work in this run. Different machines and languages: the ratio says how far the ladder climbs, not who is faster.")
	c.Table([]string{"the lesson ran", "lesson's time", "epsilon, this run", "lesson ÷ epsilon"}, rows)
	if c.quick {
		c.Para("(-quick measures only the lesson's 5-row shape and an MLP layer; the 50,000-row rows need the full tour.)")
	}
	path := c.Path("ladder.png")
	if err := ladder.SavePlot(path, ms); err != nil {
		return err
	}
	c.Picture(path, "The lesson's timings (grey) beside epsilon's (blue) for the same work, seconds on a log scale.")
	return nil
}

// times prints a ratio with three significant digits, without an exponent.
func times(r float64) string {
	if r >= 100 {
		return fmt.Sprintf("%.0f×", r)
	}
	return fmt.Sprintf("%.3g×", r)
}
