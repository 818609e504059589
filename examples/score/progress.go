package main

import (
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"
	"golang.org/x/term"
)

// wantProgress reports whether the progress bar is shown on w: it was asked
// for (-progress, not -quiet) and w is a terminal. Redirected to a file or a
// pipe, standard error gets no progress.
func wantProgress(o *options, w io.Writer) bool {
	if !o.progress || o.quiet {
		return false
	}
	f, ok := w.(*os.File)
	return ok && term.IsTerminal(int(f.Fd()))
}

// progress shows the bytes of input scored, the rate and the time left on a
// terminal. A nil *progress shows nothing. Only the writer uses it.
type progress struct {
	bar  *progressbar.ProgressBar
	docs int
}

// progressInterval is how often the bar is drawn, at most.
const progressInterval = 200 * time.Millisecond

// newProgress returns a progress bar on w for total bytes of input, or -1
// when the total is not known (standard input, a pipe): then it shows no
// time left.
func newProgress(w io.Writer, total int64) *progress {
	opts := []progressbar.Option{
		progressbar.OptionSetWriter(w),
		progressbar.OptionSetDescription("scoring"),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowCount(), // bytes done and in all
		progressbar.OptionSetWidth(24),
		progressbar.OptionThrottle(progressInterval),
		progressbar.OptionClearOnFinish(),
		// No spinner goroutine for an unknown total: the bar is drawn by
		// the writer only, so that it never races with the warnings.
		progressbar.OptionSetSpinnerChangeInterval(0),
	}
	if total == 0 {
		total = -1 // the bar divides by it
	}
	return &progress{bar: progressbar.NewOptions64(total, opts...)}
}

// add counts n bytes of input and docs documents done.
func (p *progress) add(n int64, docs int) {
	if p == nil {
		return
	}
	p.docs += docs
	p.bar.Describe(fmt.Sprintf("scoring: %d documents", p.docs))
	_ = p.bar.Add64(n) // an error says the file grew: the bar stays full
}

// clear erases the bar, before a warning is written on the same terminal.
func (p *progress) clear() {
	if p != nil {
		_ = p.bar.Clear()
	}
}

// finish erases the bar for good.
func (p *progress) finish() {
	if p != nil {
		_ = p.bar.Clear()
		_ = p.bar.Exit()
	}
}

// inputSize returns the bytes that the inputs hold, read as read does: the
// regular files named or under the directories named, without names that
// start with "." inside directories. It returns -1 when the size is not
// known: standard input, or an input that is not a regular file.
func inputSize(files []string) int64 {
	var total int64
	for _, name := range files {
		if name == "-" {
			return -1
		}
		fi, err := os.Stat(name)
		switch {
		case err != nil:
			continue // an error record, no bytes
		case fi.Mode().IsRegular():
			total += fi.Size()
			continue
		case !fi.IsDir():
			return -1
		}
		filepath.WalkDir(name, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return nil
			}
			if path != name && strings.HasPrefix(d.Name(), ".") {
				if d.IsDir() {
					return fs.SkipDir
				}
				return nil
			}
			if d.Type().IsRegular() {
				if info, err := d.Info(); err == nil {
					total += info.Size()
				}
			}
			return nil
		})
	}
	return total
}
