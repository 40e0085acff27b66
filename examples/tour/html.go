package main

import (
	"fmt"
	"html/template"
	"os"
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
td:first-child, th:first-child { text-align: left; }
figure { margin: 1.5rem 0; }
figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption { font-size: .9rem; color: #444; }
.meta { color: #666; font-size: .9rem; }
</style>
</head>
<body>
<h1>A tour of epsilon</h1>
<p class="meta">Written by <code>go run ./examples/tour{{if .Quick}} -quick{{end}}</code> on {{.Date}}. Every number and picture below comes from that run.</p>
<nav><ul>{{range .Chapters}}<li><a href="#{{.Name}}">{{.Title}}</a></li>{{end}}</ul></nav>
{{range .Chapters}}
<section id="{{.Name}}">
<h2>{{.Title}}</h2>
{{range .Blocks}}{{if eq .Kind "p"}}<p>{{.Text}}</p>
{{else if eq .Kind "pre"}}<pre>{{.Text}}</pre>
{{else if eq .Kind "table"}}<table><tr>{{range .Header}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</table>
{{else if eq .Kind "img"}}<figure><a href="{{.Src}}"><img src="{{.Src}}" alt="{{.Text}}"></a><figcaption>{{.Text}}</figcaption></figure>
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
	Header     []string
	Rows       [][]string
	Src        template.URL
}

// writeHTML writes the page of the chapters run to path.
func writeHTML(path string, chapters []*chapter, quick bool) error {
	data := struct {
		Quick    bool
		Date     string
		Chapters []pageChapter
	}{Quick: quick, Date: time.Now().UTC().Format("2006-01-02 15:04 MST")}
	for _, c := range chapters {
		pc := pageChapter{Name: c.name, Title: c.title}
		for _, b := range c.blocks {
			// The links are the tour's own relative file names, not user
			// input, so they are safe to mark as URLs.
			pc.Blocks = append(pc.Blocks, pageBlock{Kind: b.kind, Text: b.text, Header: b.header, Rows: b.rows, Src: template.URL(b.src)})
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
