package main

import (
	"fmt"
	"os"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
)

// saveLegendBelow writes p as a PNG of the given size with its legend in a
// band of its own under the plot, where it cannot hide any data.
func saveLegendBelow(p *plot.Plot, w, h vg.Length, path string) error {
	leg := p.Legend
	p.Legend = plot.NewLegend() // the plot is drawn without it
	defer func() { p.Legend = leg }()
	leg.Top, leg.Left = true, true
	leg.Padding = vg.Points(3)
	leg.XOffs, leg.YOffs = 0, -vg.Millimeter*2
	size := leg.Rectangle(draw.New(vgimg.New(w, h)))
	band := size.Max.Y - size.Min.Y + vg.Millimeter*5

	img := vgimg.New(w, h+band)
	dc := draw.New(img)
	p.Draw(draw.Crop(dc, 0, 0, band, 0))
	leg.Draw(draw.Crop(dc, vg.Millimeter*14, 0, 0, -h))
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if _, err := (vgimg.PngCanvas{Canvas: img}).WriteTo(f); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}
