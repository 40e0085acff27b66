package main

import (
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"unicode/utf8"
)

// A chapter is what a chapter's function writes to: prose, preformatted
// output, tables and pictures. Each goes to standard output at once (so a
// reader of the terminal sees the tour as it runs) and is kept as a block
// for the HTML page.
type chapter struct {
	name, title string
	dir         string // the chapter's folder for pictures, inside the tour's -out
	out         string // the tour's -out folder, which the page's links are relative to
	quick       bool
	w           io.Writer
	blocks      []block
	err         error // the first write error on w
}

// A block is one piece of a chapter's page.
type block struct {
	kind    string     // "p", "pre", "table" or "img"
	text    string     // the prose or preformatted text; the caption of a picture
	header  []string   // a table's column names
	rows    [][]string // a table's cells
	left    []bool     // a table's columns of words, aligned left
	src     string     // a picture's path relative to the page
	picture string     // a picture's path as printed
}

func (c *chapter) print(s string) {
	if c.err == nil {
		_, c.err = io.WriteString(c.w, s)
	}
}

// Para prints a paragraph of prose, wrapped at 100 columns.
func (c *chapter) Para(format string, args ...any) {
	text := fmt.Sprintf(format, args...)
	c.print(wrap(text, 100) + "\n\n")
	c.blocks = append(c.blocks, block{kind: "p", text: text})
}

// Pre prints text as it is (program output, a worked example).
func (c *chapter) Pre(text string) {
	text = strings.TrimRight(text, "\n")
	c.print(text + "\n\n")
	c.blocks = append(c.blocks, block{kind: "pre", text: text})
}

// Table prints rows under a header, aligned in columns: numbers (and
// shapes, times, points) to the right, words to the left (see textColumns).
func (c *chapter) Table(header []string, rows [][]string) {
	left := textColumns(rows, len(header))
	width := make([]int, len(header))
	for _, r := range append([][]string{header}, rows...) {
		for j, cell := range r {
			if j < len(width) {
				width[j] = max(width[j], utf8.RuneCountInString(cell))
			}
		}
	}
	var b strings.Builder
	for _, r := range append([][]string{header}, rows...) {
		var line strings.Builder
		line.WriteString("  ")
		for j, cell := range r {
			if j >= len(width) {
				break
			}
			pad := strings.Repeat(" ", width[j]-utf8.RuneCountInString(cell))
			if left[j] {
				line.WriteString("  " + cell + pad)
			} else {
				line.WriteString("  " + pad + cell)
			}
		}
		b.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	c.print(b.String() + "\n")
	c.blocks = append(c.blocks, block{kind: "table", header: header, rows: rows, left: left})
}

// textColumns reports which of the n columns of rows hold words rather than
// numbers: a column is text when more of its cells read as words than as
// numbers. A cell reads as a number when it starts like one (a digit, a
// sign, a parenthesised point, a dash for "none"), has at most three fields
// ("54 µs (naive)") and does not start with a label ("8: fast"); "1: triple
// loop i, j, k" and "cpu" read as words.
func textColumns(rows [][]string, n int) []bool {
	left := make([]bool, n)
	for j := range left {
		words, numbers := 0, 0
		for _, r := range rows {
			if j >= len(r) || strings.TrimSpace(r[j]) == "" {
				continue
			}
			fields := strings.Fields(r[j])
			first, _ := utf8.DecodeRuneInString(fields[0])
			if strings.ContainsRune("0123456789+-−.(—≈<≤", first) && len(fields) <= 3 && !strings.HasSuffix(fields[0], ":") {
				numbers++
			} else {
				words++
			}
		}
		left[j] = words > numbers
	}
	return left
}

// Picture prints where a picture is and what it shows, and puts it on the
// page. path is a file the chapter wrote inside the tour's -out folder.
func (c *chapter) Picture(path, caption string) {
	c.print(fmt.Sprintf("  picture: %s\n    %s\n\n", path, caption))
	rel, err := filepath.Rel(c.out, path)
	if err != nil || strings.HasPrefix(rel, "..") {
		rel = path // outside the page's folder: link it as it is
	}
	c.blocks = append(c.blocks, block{kind: "img", src: filepath.ToSlash(rel), picture: path, text: caption})
}

// Path is the path of a file named name in the chapter's folder.
func (c *chapter) Path(name string) string { return filepath.Join(c.dir, name) }

// wrap breaks text into lines of at most width columns at spaces.
func wrap(text string, width int) string {
	var b strings.Builder
	n := 0
	for i, word := range strings.Fields(text) {
		l := len([]rune(word))
		if i > 0 && n+1+l > width {
			b.WriteByte('\n')
			n = 0
		} else if i > 0 {
			b.WriteByte(' ')
			n++
		}
		b.WriteString(word)
		n += l
	}
	return b.String()
}
