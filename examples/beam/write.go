package main

import (
	"bufio"
	"cmp"
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"slices"
	"strings"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
)

func init() {
	register.DoFn3x1[context.Context, string, func(string), error](&writeFn{})
	register.DoFn3x1[context.Context, int, func(*string) bool, error](&finalizeFn{})
	register.Iter1[string]()
}

// writeShards writes records, one a line, to PREFIX-SSSSS-of-NNNNN.jsonl,
// as many shards as the runner made bundles. The SDK's textio.Write sends
// everything to one worker to write one file; here each bundle writes its
// own temporary file where it runs, and once all are written one step
// renames them to their shard names and removes what failed or retried
// bundles left. The records are not shuffled again: only the names of the
// files are grouped.
func writeShards(s beam.Scope, prefix string, records beam.PCollection) {
	filesystem.ValidateScheme(prefix)
	temp := tempDir(prefix, rand.Text())
	written := beam.ParDo(s, &writeFn{Temp: temp}, records)
	// The empty name makes the last step run even when there are no
	// records: it then writes one empty shard.
	names := beam.Flatten(s, beam.Create(s, ""), written)
	beam.ParDo0(s, &finalizeFn{Prefix: prefix, Temp: temp}, beam.GroupByKey(s, beam.AddFixedKey(s, names)))
}

// tempDir is the directory of a run's temporary files: beside the output,
// hidden, named after the run.
func tempDir(prefix, run string) string {
	dir := prefix[:strings.LastIndex(prefix, "/")+1] // "gs://b/out/" of "gs://b/out/run"; "" of "run"
	return dir + ".vigie-temp-" + run + "/"
}

// shardName is the name of shard i of n.
func shardName(prefix string, i, n int) string {
	return fmt.Sprintf("%s-%05d-of-%05d.jsonl", prefix, i, n)
}

// writeFn writes the records of a bundle to a new temporary file in Temp,
// and emits its name when the bundle ends.
type writeFn struct {
	Temp string `json:"temp"`

	fs   filesystem.Interface
	file io.WriteCloser
	w    *bufio.Writer
	name string
}

// StartBundle drops a file left open by a bundle that failed.
func (f *writeFn) StartBundle(_ context.Context, _ func(string)) { f.Teardown() }

// ProcessElement writes a record and a line break, opening the bundle's
// file first. It emits nothing: FinishBundle does, to the same output.
func (f *writeFn) ProcessElement(ctx context.Context, rec string, _ func(string)) error {
	if f.w == nil {
		if err := f.open(ctx); err != nil {
			return err
		}
	}
	if _, err := f.w.WriteString(rec); err != nil {
		return fmt.Errorf("writing %s: %w", f.name, err)
	}
	return f.w.WriteByte('\n')
}

func (f *writeFn) open(ctx context.Context) error {
	f.name = f.Temp + strings.ToLower(rand.Text()) + ".jsonl"
	fs, err := filesystem.New(ctx, f.name)
	if err != nil {
		return err
	}
	file, err := fs.OpenWrite(ctx, f.name)
	if err != nil {
		fs.Close()
		return fmt.Errorf("creating %s: %w", f.name, err)
	}
	f.fs, f.file, f.w = fs, file, bufio.NewWriterSize(file, 1<<20)
	return nil
}

// FinishBundle closes the bundle's file, if it wrote one, and emits its
// name.
func (f *writeFn) FinishBundle(ctx context.Context, emit func(string)) error {
	if f.w == nil {
		return nil
	}
	name := f.name
	err := cmp.Or(f.w.Flush(), f.file.Close(), f.fs.Close())
	f.fs, f.file, f.w = nil, nil, nil
	if err != nil {
		return fmt.Errorf("writing %s: %w", name, err)
	}
	emit(name)
	return nil
}

// Teardown closes what a failed bundle left open.
func (f *writeFn) Teardown() {
	if f.file != nil {
		f.file.Close()
		f.fs.Close()
	}
	f.fs, f.file, f.w = nil, nil, nil
}

// finalizeFn gives the temporary files their shard names, in the order of
// their names, and removes the temporary directory and what is left in it.
type finalizeFn struct {
	Prefix string `json:"prefix"`
	Temp   string `json:"temp"`
}

// ProcessElement receives the names of all the files written.
func (f *finalizeFn) ProcessElement(ctx context.Context, _ int, names func(*string) bool) error {
	var temps []string
	var name string
	for names(&name) {
		if name != "" {
			temps = append(temps, name)
		}
	}
	slices.Sort(temps)
	temps = slices.Compact(temps)
	fs, err := filesystem.New(ctx, f.Prefix)
	if err != nil {
		return err
	}
	defer fs.Close()
	if len(temps) == 0 {
		if err := filesystem.Write(ctx, fs, shardName(f.Prefix, 0, 1), nil); err != nil {
			return fmt.Errorf("writing an empty shard: %w", err)
		}
	}
	for i, t := range temps {
		dst := shardName(f.Prefix, i, len(temps))
		if err := filesystem.Rename(ctx, fs, t, dst); err != nil {
			if _, serr := fs.Size(ctx, dst); serr == nil {
				continue // a retry of this step: moved the first time
			}
			return fmt.Errorf("renaming %s to %s: %w", t, dst, err)
		}
	}
	f.removeLeftovers(ctx, fs)
	return nil
}

// removeLeftovers removes the files of bundles that failed or ran twice, and
// the temporary directory. Failures are logged: the shards are written.
func (f *finalizeFn) removeLeftovers(ctx context.Context, fs filesystem.Interface) {
	rm, ok := fs.(filesystem.Remover)
	if !ok {
		log.Warnf(ctx, "this filesystem cannot remove files: remove %s by hand", f.Temp)
		return
	}
	left, err := fs.List(ctx, f.Temp+"*")
	if err != nil {
		log.Warnf(ctx, "listing %s: %v", f.Temp, err)
	}
	for _, name := range left {
		if err := rm.Remove(ctx, name); err != nil {
			log.Warnf(ctx, "removing %s: %v", name, err)
		}
	}
	// A local directory; object stores have none, and say so.
	rm.Remove(ctx, strings.TrimSuffix(f.Temp, "/"))
}
