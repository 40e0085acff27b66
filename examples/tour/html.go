package main

import (
	"fmt"
	"html/template"
	"math"
	"os"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// The page is one HTML file with its style inline; pictures are linked by
// paths relative to it, inside the tour's -out folder, so the page works
// offline and the folder can be moved as a whole.
var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>A tour of epsilon</title>
<style>
body { font-family: -apple-system, "Segoe UI", "DejaVu Sans", sans-serif; max-width: 68rem; margin: 2rem auto; padding: 0 1.5rem; line-height: 1.5; color: #1d1d1f; }
h1 { font-size: 2rem; margin-bottom: .2rem; }
h2 { border-bottom: 2px solid #1f4e9a; padding-bottom: .2rem; margin-top: 3rem; }
nav ul { columns: 2; list-style: none; padding-left: 0; }
pre { background: #f5f5f7; padding: .8rem; overflow-x: auto; font-size: .8rem; line-height: 1.35; border-radius: 4px; }
table { border-collapse: collapse; margin: 1rem 0; font-size: .9rem; }
th, td { border: 1px solid #ccc; padding: .25rem .6rem; text-align: right; }
th { background: #eef2fa; }
td.text, th.text { text-align: left; }
figure { margin: 1.5rem 0; }
figure img { max-width: 100%; border: 1px solid #ddd; }
figure.graph { overflow-x: auto; }
figure.graph img { max-width: none; }
figcaption { font-size: .9rem; color: #444; }
.meta { color: #666; font-size: .9rem; }
</style>
</head>
<body>
<h1>A tour of epsilon</h1>
<p class="meta">Written by <code>go run ./examples/tour{{.Flags}}</code> on {{.Date}}. Every number and picture below comes from that run.</p>
<nav><ul>{{range .Chapters}}<li><a href="#{{.Name}}">{{.Title}}</a></li>{{end}}</ul></nav>
{{range .Chapters}}
<section id="{{.Name}}">
<h2>{{.Title}}</h2>
{{range .Blocks}}{{if eq .Kind "p"}}<p>{{.Text}}</p>
{{else if eq .Kind "pre"}}<pre>{{.Text}}</pre>
{{else if eq .Kind "table"}}<table><tr>{{range .Header}}<th{{if .Left}} class="text"{{end}}>{{.Text}}</th>{{end}}</tr>
{{range .Rows}}<tr>{{range .}}<td{{if .Left}} class="text"{{end}}>{{.Text}}</td>{{end}}</tr>
{{end}}</table>
{{else if eq .Kind "img"}}<figure{{if .Graph}} class="graph"{{end}}><a href="{{.Src}}"><img src="{{.Src}}"{{if .Width}} width="{{.Width}}"{{end}} alt="{{.Text}}"></a><figcaption>{{.Text}}</figcaption></figure>
{{end}}{{end}}</section>
{{end}}
</body>
</html>
`))

// pageChapter and pageBlock are a chapter and a block as the template sees
// them (the template reads exported fields only).
type pageChapter struct {
	Name, Title string
	Blocks      []pageBlock
}

type pageBlock struct {
	Kind, Text string
	Header     []pageCell
	Rows       [][]pageCell
	Src        template.URL
	// Graph marks a graph drawn as SVG: it is shown at its own size, in a
	// frame that scrolls sideways, because a wide graph shrunk to the
	// page's width has unreadable labels.
	Graph bool
	Width int // a graph's width in CSS pixels, 0 if unknown
}

// A pageCell is a table's cell and whether its column holds words (aligned
// left) or numbers (aligned right).
type pageCell struct {
	Text string
	Left bool
}

// cells pairs a table row's cells with their columns' alignment.
func cells(row []string, left []bool) []pageCell {
	cs := make([]pageCell, len(row))
	for j, text := range row {
		cs[j] = pageCell{Text: text, Left: j < len(left) && left[j]}
	}
	return cs
}

// svgPoints is the width Graphviz gives an SVG picture, in points.
var svgPoints = regexp.MustCompile(`<svg width="([0-9.]+)pt"`)

// svgWidth is the width at which the page shows a graph drawn as SVG: one
// CSS pixel per point, three quarters of its natural size, where Graphviz's
// 10-point labels are still 10 pixels high but a wide graph's middle fits
// the page. It is 0 (the browser's choice) if the file cannot tell.
func svgWidth(path string) int {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	m := svgPoints.FindSubmatch(data)
	if m == nil {
		return 0
	}
	w, err := strconv.ParseFloat(string(m[1]), 64)
	if err != nil {
		return 0
	}
	return int(math.Round(w))
}

// writeHTML writes the page of the chapters run to path.
func writeHTML(path string, chapters []*chapter, quick bool) error {
	data := struct {
		Flags    string // the flags that chose what the page shows
		Date     string
		Chapters []pageChapter
	}{Date: time.Now().UTC().Format("2006-01-02 15:04 MST")}
	if len(chapters) < len(lessons) {
		var names []string
		for _, c := range chapters {
			names = append(names, c.name)
		}
		data.Flags += " -chapter " + strings.Join(names, ",")
	}
	if quick {
		data.Flags += " -quick"
	}
	for _, c := range chapters {
		pc := pageChapter{Name: c.name, Title: c.title}
		for _, b := range c.blocks {
			// The links are the tour's own relative file names, not user
			// input, so they are safe to mark as URLs.
			pb := pageBlock{Kind: b.kind, Text: b.text, Src: template.URL(b.src), Graph: strings.HasSuffix(b.src, ".svg"), Header: cells(b.header, b.left)}
			if pb.Graph {
				pb.Width = svgWidth(b.picture)
			}
			for _, r := range b.rows {
				pb.Rows = append(pb.Rows, cells(r, b.left))
			}
			pc.Blocks = append(pc.Blocks, pb)
		}
		data.Chapters = append(data.Chapters, pc)
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("writing the page: %w", err)
	}
	if err := pageTemplate.Execute(f, data); err != nil {
		f.Close()
		return fmt.Errorf("writing %s: %w", path, err)
	}
	return f.Close()
}
