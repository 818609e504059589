package main

import (
	"bufio"
	"fmt"
	"image/color"
	"io"
	"os"
	"strings"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"
	"gonum.org/v1/plot/vg/vgsvg"
)

// Line plots of the unit square, drawn by gonum.org/v1/plot with its
// embedded Liberation fonts: both axes run from 0 to 1, which is all that ROC
// curves and reliability diagrams need. Each plot is written twice, as PNG
// for the report and as SVG beside it.

// The colours of the plots (matplotlib's first four, and greys).
var (
	gray   = color.RGBA{140, 140, 140, 255}
	blue   = color.RGBA{31, 119, 180, 255}
	orange = color.RGBA{255, 127, 14, 255}
	green  = color.RGBA{44, 160, 44, 255}
	red    = color.RGBA{214, 39, 40, 255}
)

// systemColors are the colours of the systems, in the order of the report.
var systemColors = []color.Color{blue, orange, green, red}

// series is one line of a plot.
type series struct {
	name    string
	pts     []point
	color   color.Color
	markers bool // draw a square at each point
}

// plot is a line plot of the unit square.
type plot struct {
	title, xLabel, yLabel string
	series                []series
	diagonal              bool // draw y = x, dashed
}

// The geometry. The legend goes under the plot, where it hides no curve.
const (
	plotDPI      = 96
	plotWidth    = 7.5 * vg.Inch
	areaHeight   = 5 * vg.Inch // the plot, with its title and axes
	legendLine   = 17          // points per legend entry
	legendMargin = 8           // points around the legend
	pad          = 12          // points of white around the whole
	fontSize     = 12          // points, for the title, labels and legend
)

// plotW is the width of the PNG, in pixels.
const plotW = int(plotWidth * plotDPI / vg.Inch)

// height is the plot's height, legend included.
func (p plot) height() vg.Length {
	return areaHeight + vg.Length(len(p.series)*legendLine+2*legendMargin+pad)
}

// gonum returns the plot and its legend, built with gonum/plot.
func (p plot) gonum() (*gplot.Plot, gplot.Legend, error) {
	pl := gplot.New()
	pl.Title.Text = p.title
	pl.Title.TextStyle.Font.Size = fontSize + 2
	pl.X.Label.Text, pl.Y.Label.Text = p.xLabel, p.yLabel
	pl.X.Label.TextStyle.Font.Size, pl.Y.Label.TextStyle.Font.Size = fontSize, fontSize
	pl.X.Min, pl.X.Max, pl.Y.Min, pl.Y.Max = 0, 1, 0, 1
	pl.X.Tick.Marker = unitTicks{}
	pl.Y.Tick.Marker = unitTicks{}
	grid := plotter.NewGrid()
	grid.Vertical.Color = color.Gray{225}
	grid.Horizontal.Color = color.Gray{225}
	pl.Add(grid)
	if p.diagonal {
		diag, err := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
		if err != nil {
			return nil, gplot.Legend{}, err
		}
		diag.Color = gray
		diag.Width = vg.Points(1.5)
		diag.Dashes = []vg.Length{vg.Points(5), vg.Points(4)}
		pl.Add(diag)
	}
	legend := gplot.NewLegend()
	legend.Top, legend.Left = true, true
	legend.TextStyle.Font.Size = fontSize
	legend.ThumbnailWidth = vg.Points(28)
	legend.Padding = vg.Points(4)
	thumbs := make([][]gplot.Thumbnailer, len(p.series))
	// The first series is drawn last, on top of the others.
	for k := len(p.series) - 1; k >= 0; k-- {
		s := p.series[k]
		pts := s.pts
		if !s.markers {
			pts = straighten(pts)
		}
		xys := make(plotter.XYs, len(pts))
		for i, q := range pts {
			xys[i] = plotter.XY{X: q.x, Y: q.y}
		}
		line, err := plotter.NewLine(xys)
		if err != nil {
			return nil, gplot.Legend{}, fmt.Errorf("plot %q, series %q: %w", p.title, s.name, err)
		}
		line.Color = s.color
		line.Width = vg.Points(2)
		pl.Add(line)
		thumbs[k] = append(thumbs[k], line)
		if s.markers {
			sc, err := plotter.NewScatter(xys)
			if err != nil {
				return nil, gplot.Legend{}, fmt.Errorf("plot %q, series %q: %w", p.title, s.name, err)
			}
			sc.GlyphStyle = draw.GlyphStyle{Color: s.color, Radius: vg.Points(3), Shape: draw.BoxGlyph{}}
			pl.Add(sc)
			thumbs[k] = append(thumbs[k], sc)
		}
	}
	for k, s := range p.series {
		legend.Add(s.name, thumbs[k]...)
	}
	return pl, legend, nil
}

// straighten drops the points that lie on the straight segment between
// their neighbours: a ROC curve of thousands of texts is mostly horizontal
// and vertical runs, and the SVG would carry every point of them.
func straighten(pts []point) []point {
	if len(pts) < 3 {
		return pts
	}
	out := []point{pts[0]}
	for i := 1; i < len(pts)-1; i++ {
		a, b, c := out[len(out)-1], pts[i], pts[i+1]
		if (b.x-a.x)*(c.y-a.y) != (b.y-a.y)*(c.x-a.x) {
			out = append(out, b)
		}
	}
	return append(out, pts[len(pts)-1])
}

// unitTicks marks 0, 0.2, ..., 1 on an axis, and 0.1, 0.3, ... without a
// label.
type unitTicks struct{}

// Ticks implements plot.Ticker.
func (unitTicks) Ticks(lo, hi float64) []gplot.Tick {
	var ts []gplot.Tick
	for i := 0; i <= 10; i++ {
		v := float64(i) / 10
		label := ""
		if i%2 == 0 {
			label = fmt.Sprintf("%.1f", v)
		}
		ts = append(ts, gplot.Tick{Value: v, Label: label})
	}
	return ts
}

// draw draws the plot on c: the plot area at the top, the legend under it.
func (p plot) draw(c vg.CanvasSizer) error {
	pl, legend, err := p.gonum()
	if err != nil {
		return err
	}
	dc := draw.Crop(draw.New(c), pad, -pad, pad, -pad)
	legendH := vg.Length(len(p.series)*legendLine + 2*legendMargin)
	pl.Draw(draw.Crop(dc, 0, 0, legendH, 0))
	below := draw.Crop(dc, 0, 0, legendMargin, -(dc.Max.Y - dc.Min.Y - legendH + legendMargin))
	legend.XOffs = vg.Points(50) // under the plot area, right of the y axis's labels
	legend.Draw(below)
	return nil
}

// save writes the plot as PNG into path, which ends in ".png", and as SVG
// into the same name ending in ".svg".
func (p plot) save(path string) error {
	if !strings.HasSuffix(path, ".png") {
		return fmt.Errorf("plot %q: %s: the name does not end in .png", p.title, path)
	}
	w, h := plotWidth, p.height()
	img := vgimg.NewWith(vgimg.UseWH(w, h), vgimg.UseDPI(plotDPI))
	if err := p.draw(img); err != nil {
		return err
	}
	if err := writeFile(path, vgimg.PngCanvas{Canvas: img}); err != nil {
		return err
	}
	svg := vgsvg.New(w, h)
	if err := p.draw(svg); err != nil {
		return err
	}
	return writeFile(strings.TrimSuffix(path, ".png")+".svg", svg)
}

// writeFile writes what w writes into a new file at path.
func writeFile(path string, w io.WriterTo) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	if _, err := w.WriteTo(bw); err != nil {
		f.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

func init() {
	// Sans serif reads better at small sizes than the default serif.
	gplot.DefaultFont.Variant = "Sans"
}
