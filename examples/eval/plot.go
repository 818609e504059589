package main

import (
	"bufio"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"os"
	"unicode"
)

// A small line-plot writer on the standard library's image/png: both axes
// run from 0 to 1, which is all that ROC curves and reliability diagrams need.

// The palette; the plot is paletted, which keeps the PNG files small.
const (
	white = iota
	black
	gray
	lightGray
	blue
	orange
	green
	red
)

var palette = color.Palette{
	color.RGBA{255, 255, 255, 255},
	color.RGBA{0, 0, 0, 255},
	color.RGBA{140, 140, 140, 255},
	color.RGBA{225, 225, 225, 255},
	color.RGBA{31, 119, 180, 255},
	color.RGBA{255, 127, 14, 255},
	color.RGBA{44, 160, 44, 255},
	color.RGBA{214, 39, 40, 255},
}

// systemColors are the colours of the systems, in the order of the report.
var systemColors = []uint8{blue, orange, green, red}

// series is one line of a plot.
type series struct {
	name    string
	pts     []point
	color   uint8
	markers bool // draw a square at each point
}

// plot is a line plot of the unit square.
type plot struct {
	title, xLabel, yLabel string
	series                []series
	diagonal              bool // draw y = x, dashed
}

// The geometry, in pixels. Text is drawn at twice the font's size; the
// legend goes under the plot, where it hides no curve.
const (
	plotW      = 720
	areaH      = 440 // height of the plot area
	marginL    = 90
	marginR    = 30
	marginT    = 60
	belowAxis  = 80 // tick labels and the x label
	textScale  = 2
	legendLine = cellH*textScale + 8
)

// canvas draws on a paletted image.
type canvas struct{ img *image.Paletted }

func (c canvas) set(x, y int, col uint8) {
	if image.Pt(x, y).In(c.img.Rect) {
		c.img.SetColorIndex(x, y, col)
	}
}

// line draws a segment `width` pixels thick; dash > 0 draws dash pixels on,
// dash off.
func (c canvas) line(x0, y0, x1, y1 int, col uint8, width, dash int) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := sign(x1-x0), sign(y1-y0)
	e := dx + dy
	for step := 0; ; step++ {
		if dash == 0 || (step/dash)%2 == 0 {
			for i := range width {
				for j := range width {
					c.set(x0+i-width/2, y0+j-width/2, col)
				}
			}
		}
		if x0 == x1 && y0 == y1 {
			return
		}
		if e2 := 2 * e; e2 >= dy {
			e += dy
			x0 += sx
		} else {
			e += dx
			y0 += sy
		}
	}
}

// rect fills a rectangle.
func (c canvas) rect(x0, y0, x1, y1 int, col uint8) {
	for y := y0; y < y1; y++ {
		for x := x0; x < x1; x++ {
			c.set(x, y, col)
		}
	}
}

// text draws s with its top left corner at (x, y) and returns its width.
func (c canvas) text(x, y int, s string, col uint8) int {
	for i, r := range []rune(s) {
		g, ok := glyphs[unicode.ToUpper(r)]
		if !ok {
			g = glyphs['?']
		}
		for row, bits := range g {
			for colN, b := range bits {
				if b == '#' {
					px, py := x+(i*cellW+colN)*textScale, y+row*textScale
					c.rect(px, py, px+textScale, py+textScale, col)
				}
			}
		}
	}
	return textWidth(s)
}

func textWidth(s string) int { return len([]rune(s)) * cellW * textScale }

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func sign(x int) int {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}

// draw renders the plot.
func (p plot) draw() *image.Paletted {
	plotH := marginT + areaH + belowAxis + len(p.series)*legendLine + 10
	img := image.NewPaletted(image.Rect(0, 0, plotW, plotH), palette)
	c := canvas{img}
	x0, y0, x1, y1 := marginL, marginT, plotW-marginR, marginT+areaH // plot area
	px := func(v float64) int { return x0 + int(v*float64(x1-x0)+0.5) }
	py := func(v float64) int { return y1 - int(v*float64(y1-y0)+0.5) }

	// Grid, ticks and their labels.
	for i := 0; i <= 5; i++ {
		v := float64(i) / 5
		c.line(px(v), y0, px(v), y1, lightGray, 1, 0)
		c.line(x0, py(v), x1, py(v), lightGray, 1, 0)
		label := fmt.Sprintf("%.1f", v)
		c.text(px(v)-textWidth(label)/2, y1+10, label, black)
		c.text(x0-textWidth(label)-10, py(v)-glyphH*textScale/2, label, black)
	}
	if p.diagonal {
		c.line(px(0), py(0), px(1), py(1), gray, 2, 6)
	}
	// Axes.
	c.line(x0, y1, x1, y1, black, 2, 0)
	c.line(x0, y0, x0, y1, black, 2, 0)
	c.text((plotW-textWidth(p.title))/2, 15, p.title, black)
	c.text((x0+x1-textWidth(p.xLabel))/2, y1+45, p.xLabel, black)
	c.text(10, y0-25, p.yLabel, black)

	// The first series is drawn last, on top of the others.
	for k := len(p.series) - 1; k >= 0; k-- {
		s := p.series[k]
		for i := 1; i < len(s.pts); i++ {
			a, b := s.pts[i-1], s.pts[i]
			c.line(px(a.x), py(a.y), px(b.x), py(b.y), s.color, 3, 0)
		}
		if s.markers {
			for _, q := range s.pts {
				c.rect(px(q.x)-4, py(q.y)-4, px(q.x)+5, py(q.y)+5, s.color)
			}
		}
	}

	// Legend.
	for i, s := range p.series {
		y := y1 + belowAxis + i*legendLine
		c.line(x0, y+glyphH, x0+30, y+glyphH, s.color, 4, 0)
		c.text(x0+40, y, s.name, black)
	}
	return img
}

// writePNG writes the plot to path.
func (p plot) writePNG(path string) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	w := bufio.NewWriter(f)
	enc := png.Encoder{CompressionLevel: png.BestCompression}
	if err := enc.Encode(w, p.draw()); err != nil {
		f.Close()
		return err
	}
	if err := w.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
