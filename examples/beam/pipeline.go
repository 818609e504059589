package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"path/filepath"
	"reflect"
	"strings"
	"sync"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/fileio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/io/textio"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/log"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/register"
	"github.com/vigie-project/vigie/classify"
	"github.com/vigie-project/vigie/internal/input"
	"github.com/vigie-project/vigie/internal/record"
)

func init() {
	beam.RegisterType(reflect.TypeFor[doc]())
	register.DoFn3x1[context.Context, fileio.ReadableFile, func(doc), error](&readFn{})
	register.DoFn4x0[context.Context, doc, func(string), func(string)](&scoreFn{})
	register.Emitter1[doc]()
	register.Emitter1[string]()
}

// Counters, for a runner's monitoring page.
var (
	scoredCount  = beam.NewCounter("vigie", "documents") // documents scored
	flaggedCount = beam.NewCounter("vigie", "flagged")   // documents at level medium or high
	errorCount   = beam.NewCounter("vigie", "errors")    // error records
)

// build adds the pipeline to s:
//
//	files ─ read ─ documents ─ [Reshuffle] ─ score ─┬─ records ─ write shards
//	                                                └─ keys ─ summarize ─ write summary
func build(s beam.Scope, o options) {
	recordsPrefix, summaryName := outputNames(o.Output)

	files := fileio.ReadMatches(s, fileio.MatchFiles(s, o.Input), fileio.ReadDirectorySkip())
	docs := beam.ParDo(s.Scope("Read"), &readFn{Mode: o.Mode, MaxLine: input.MaxLine}, files)
	if o.Reshuffle {
		docs = beam.Reshuffle(s, docs)
	}
	records, keys := beam.ParDo2(s.Scope("Score"), &scoreFn{NoModel: o.NoModel}, docs)
	writeShards(s.Scope("WriteRecords"), recordsPrefix, records)
	summary := beam.Combine(s.Scope("Summarize"), &summaryFn{Top: o.Top}, keys)
	textio.Write(s.Scope("WriteSummary"), summaryName, summary)
}

// doc is a document read from a line: a text to score, or the error that
// takes its place.
type doc struct {
	ID   string
	Text string
	Err  string // not empty: the error record's message
}

// outputNames returns the prefix of the record shards and the name of the
// summary: PREFIX and PREFIX-summary.json, or, for a directory (a prefix
// ending in /), DIR/records and DIR/summary.json.
func outputNames(output string) (records, summary string) {
	if strings.HasSuffix(output, "/") {
		return output + "records", output + "summary.json"
	}
	return output, output + "-summary.json"
}

// readFn cuts a file into documents as the scoring program does (see
// internal/input), and emits them. What cannot be read becomes a document
// with an error: a read error ends the file, and does not fail the job.
type readFn struct {
	Mode    input.Mode `json:"mode"`
	MaxLine int        `json:"maxLine"` // bytes in a line, without its line ending
}

// ProcessElement reads one file.
func (f *readFn) ProcessElement(ctx context.Context, file fileio.ReadableFile, emit func(doc)) error {
	name := filepath.ToSlash(file.Metadata.Path) // as the scoring program names files
	rc, err := file.Open(ctx)
	if err != nil {
		// "open: no such file or directory", as the scoring program says it;
		// "open: gzip: invalid header" for a .gz file that is not gzip.
		if _, ok := errors.AsType[*fs.PathError](err); !ok {
			err = fmt.Errorf("open: %w", err)
		}
		emit(doc{ID: name, Err: input.UnwrapPath(err).Error()})
		return nil
	}
	defer rc.Close()
	br, err := input.Text(bufio.NewReaderSize(rc, 64<<10)) // UTF-16 decoded, binary refused
	if err != nil {
		emit(doc{ID: name, Err: err.Error()})
		return nil
	}
	var lines input.LineReader
	lines.Reset(name, br, f.Mode, f.MaxLine)
	for {
		d, ok := lines.Next()
		if !ok {
			return nil
		}
		if d.Warning != "" {
			log.Warnf(ctx, "%s: %s", record.ShowID(name), d.Warning) // names the file, shows no text
		}
		if d.Err != nil {
			emit(doc{ID: d.ID, Err: d.Err.Error()})
		} else {
			emit(doc{ID: d.ID, Text: d.Text})
		}
	}
}

// classifiers are the classifiers of this process, with and without the
// model, built once: a Classifier is safe for concurrent use, and the
// bundles a worker runs at once share it.
var classifiers = map[bool]func() (*classify.Classifier, error){
	false: sync.OnceValues(func() (*classify.Classifier, error) { return classify.New() }),
	true:  sync.OnceValues(func() (*classify.Classifier, error) { return classify.New(classify.WithoutModel()) }),
}

// scoreFn classifies documents and emits their JSON records, the scoring
// program's, and the summary's keys (see summarize.go). A document with an
// error gives its error record; so does a panic in the classifier, as in the
// scoring program: one bad document does not fail the job.
//
// An instance processes one bundle at a time, so it keeps its own Result
// and buffer from one document to the next.
type scoreFn struct {
	NoModel bool `json:"noModel"`

	cls *classify.Classifier
	res classify.Result
	buf []byte
}

// Setup takes the process's classifier, building it for the first instance.
func (f *scoreFn) Setup() error {
	cls, err := classifiers[f.NoModel]()
	if err != nil {
		return fmt.Errorf("building the classifier: %w", err)
	}
	f.cls = cls
	return nil
}

// ProcessElement scores one document.
func (f *scoreFn) ProcessElement(ctx context.Context, d doc, emitRecord, emitKeys func(string)) {
	if d.Err == "" {
		d.Err = f.classify(d.Text)
	}
	if d.Err != "" {
		errorCount.Inc(ctx, 1)
		emitRecord(string(record.AppendErrorJSON(nil, d.ID, d.Err)))
		emitKeys(keyError)
		return
	}
	scoredCount.Inc(ctx, 1)
	if f.res.Level.Flagged() {
		flaggedCount.Inc(ctx, 1)
	}
	f.buf = record.AppendJSON(f.buf[:0], d.ID, &f.res)
	emitRecord(string(f.buf))
	f.buf = appendKeys(f.buf[:0], &f.res)
	emitKeys(string(f.buf))
}

// classify classifies text into f.res. It returns the error message when
// the classifier panics, as examples/score says it.
func (f *scoreFn) classify(text string) (msg string) {
	defer func() {
		if e := recover(); e != nil {
			f.res = classify.Result{}
			msg = fmt.Sprintf("internal error in the classifier: %v", e)
		}
	}()
	f.cls.ClassifyInto(text, &f.res)
	return ""
}
