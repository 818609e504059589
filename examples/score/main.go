// Command score labels texts with Vigie and explains each label.
//
//	go run ./examples/score [flags] FILE...
//
// Each document gets a record with its id, language, level, score, the
// signals that raised the risk and the context that lowered it, every one
// with its byte offsets into the document and the lexicon line that fired.
// The usage text (score -h) lists the flags, the input modes and the exit
// statuses.
//
// The program is a pipeline: one goroutine reads the inputs and cuts them
// into documents, a pool of workers classifies them, and the calling
// goroutine writes the records in input order. The channels between them are
// bounded, and so are the bytes of text in flight (see budget), so memory
// does not grow with the size of the input.
//
// Offsets are byte offsets into the document: the whole file (including a
// byte order mark, if any) by default, the line without its line ending with
// -lines, the decoded "text" field with -jsonl. A UTF-16 file is decoded to
// UTF-8 first (its byte order mark dropped), and offsets are into that text.
//
// -format html writes a page for reviewers (html.go, report.html.tmpl); on a
// terminal, standard error shows a progress bar (progress.go).
//
// The program writes nothing of the texts it reads except the records
// themselves, and it uses no network.
package main

import (
	"bufio"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/vigie-project/vigie/classify"
	"github.com/vigie-project/vigie/internal/input"
	"github.com/vigie-project/vigie/internal/record"
	"github.com/vigie-project/vigie/lexicon"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}

// invokedAs is the program's name as its user invoked it, for the usage.
var invokedAs = programName(os.Args[0])

// programName returns the name to show for the program started as arg0
// (os.Args[0]): as typed, or "go run ./examples/score" when go run built it
// in a temporary directory.
func programName(arg0 string) string {
	switch {
	case arg0 == "":
		return "score"
	case strings.Contains(filepath.ToSlash(arg0), "/go-build"):
		return "go run ./examples/score"
	}
	return arg0
}

// The exit statuses.
const (
	exitClean   = 0 // every document scored, none flagged
	exitFlagged = 1 // at least one document flagged
	exitFatal   = 2 // usage, lexicon or output error: the results are missing or incomplete
	exitInput   = 3 // some input could not be read or scored; none flagged
	exitBoth    = 4 // exitFlagged and exitInput together
)

// Limits on what one document can be. They are variables so that tests can
// lower them.
var (
	maxDocBytes  = 64 << 20      // a whole file
	maxLineBytes = input.MaxLine // a line, with -lines and -jsonl
)

const (
	maxWorkers = 1024      // more is a mistake, and would size the queues absurdly
	stdinName  = "<stdin>" // the name of standard input in ids
)

// usageText is the head of the usage, a format: %s is the program's name,
// as invoked, and a per cent sign is written %%.
const usageText = `Usage: %s [flags] FILE...

Score texts for radicalisation signals with Vigie and explain each label.
FILE is a file, - for standard input, or a directory: directories are walked
recursively, regular files only, in lexical order; names starting with "."
are skipped inside them. Flags come before the files.

Input: by default each file is one document (at most 64 MiB: score larger
files with -lines or -jsonl). With -lines, each non-blank line is a document
with id FILE:LINE. With -jsonl, each non-blank line is a JSON object with a
"text" field and an optional "id" (a string or a number; FILE:LINE when
missing); a file whose first line is not a JSON object is skipped with one
error. Lines are limited to 16 MiB. Text is UTF-8, or UTF-16 with a byte
order mark (decoded to UTF-8: offsets are into the UTF-8 text). A file whose
first 8 KiB are more than 1%% NUL bytes or 30%% invalid UTF-8 is skipped as
binary (a few stray NULs are scored); with -lines and -jsonl, so is each line
that is.

Output: records in input order, whatever -workers. -format text prints a
block per document (one line for level none); json prints one array; jsonl
one record per line, each with id, lang, level, score, signals, context and
rationale. An input that cannot be read or scored (missing, binary, too
large, a malformed JSON line) gives a record {"id", "error"} and a warning on
standard error, whatever -min, and the other inputs are still scored.

-format html writes one self-contained page, which opens offline: a summary
of the levels and categories with filters, then the documents, flagged
first, each with its scores, its rationale and its text with the evidence
highlighted (details on hover or focus). The page is built in memory, so it
suits thousands of documents, not millions. Its contract, for tools and
tests: each document's element has data-doc (its id) and data-level (none,
low, medium, high, or error); each highlighted signal has data-category,
data-start and data-end (byte offsets into the document's text, as in JSON)
and data-sig (its index in the record's signals; a signal that crosses
another is cut into pieces that share these); each context cue has data-kind,
data-start, data-end and data-cue (its index in the record's context).

Standard error has the warnings; a progress bar when it is a terminal
(-progress=false turns it off); and at the end one summary line: documents,
levels, errors, time and speed (-quiet silences it and the progress bar).

Flags:
`

const exitText = `
Exit status (over all documents, whatever -min prints):
  0  every document scored, none flagged
  1  at least one document flagged (level medium or high)
  2  usage error, lexicon error or output error: results are missing
  3  some input could not be read or scored (error records); none flagged
  4  both 1 and 3: some documents flagged and some input errors
`

// format is an output format.
type format int

const (
	formatText format = iota
	formatJSON
	formatJSONL
	formatHTML
)

// mode is how inputs are cut into documents.
type mode int

const (
	modeWhole mode = iota // a file is a document
	modeLines             // a line is a document
	modeJSONL             // a line is a JSON object with a text
)

// options are the parsed command line.
type options struct {
	format   format
	mode     mode
	min      classify.Level
	lexicon  string
	noModel  bool
	mismatch bool
	flagAt   float64 // classify.Weights.FlagAt: 0 for the default threshold
	workers  int
	version  bool
	// progress asks for a progress bar (shown only on a terminal), quiet
	// silences it and the summary line
	progress, quiet bool
	files           []string
}

// parseFlags parses args. It prints its own errors and the usage on stderr;
// the error it returns is flag.ErrHelp for -h, or errUsage.
func parseFlags(args []string, stderr io.Writer) (*options, error) {
	fset := flag.NewFlagSet("score", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.Usage = func() {
		fmt.Fprintf(stderr, usageText, invokedAs)
		fset.PrintDefaults()
		fmt.Fprint(stderr, exitText)
	}
	var (
		o                   options
		formatName, minName string
		lines, jsonl        bool
	)
	fset.StringVar(&formatName, "format", "text", "output `FORMAT`: text, json, jsonl or html")
	fset.BoolVar(&lines, "lines", false, "score each line as a document")
	fset.BoolVar(&jsonl, "jsonl", false, "read JSON lines with a \"text\" field and an optional \"id\"")
	fset.StringVar(&minName, "min", "none", "print only documents at `LEVEL` or above: none, low, medium or high")
	fset.StringVar(&o.lexicon, "lexicon", "",
		"load the lexicon and the rules from the *.tsv files in `DIR` instead of the embedded ones")
	fset.BoolVar(&o.noModel, "no-model", false,
		"score with the lexicon and its rules alone, without the embedded trained model")
	fset.BoolVar(&o.mismatch, "allow-model-mismatch", false,
		"with -lexicon: use the embedded model although it was trained with the embedded lexicons (to try a lexicon before retraining)")
	fset.Float64Var(&o.flagAt, "flag-at", 0,
		"flag texts whose score reaches `P` (0 < P < 1) instead of the default threshold: a lower P is a recall-oriented operating point for monitoring and research (README, \"Operating points\")")
	// GOMAXPROCS rather than NumCPU: it follows the container's CPU limit.
	fset.IntVar(&o.workers, "workers", min(runtime.GOMAXPROCS(0), maxWorkers),
		fmt.Sprintf("score `N` documents at once, 1 to %d", maxWorkers))
	fset.BoolVar(&o.version, "version", false, "print the version and exit")
	fset.BoolVar(&o.progress, "progress", true, "show progress on standard error when it is a terminal")
	fset.BoolVar(&o.quiet, "quiet", false, "print neither the progress nor the summary line on standard error")
	if err := fset.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil, err
		}
		return nil, errUsage
	}
	usage := func(format string, a ...any) (*options, error) {
		fmt.Fprintf(stderr, "score: "+format+"\n", a...)
		fmt.Fprintf(stderr, "Run '%s -h' for usage.\n", invokedAs)
		return nil, errUsage
	}
	if o.version {
		return &o, nil
	}
	switch formatName {
	case "text":
		o.format = formatText
	case "json":
		o.format = formatJSON
	case "jsonl":
		o.format = formatJSONL
	case "html":
		o.format = formatHTML
	default:
		return usage("-format %q: want text, json, jsonl or html", formatName)
	}
	switch {
	case lines && jsonl:
		return usage("-lines and -jsonl cannot be used together")
	case lines:
		o.mode = modeLines
	case jsonl:
		o.mode = modeJSONL
	}
	lvl, ok := classify.ParseLevel(minName)
	if !ok {
		return usage("-min %q: want none, low, medium or high", minName)
	}
	o.min = lvl
	if !(o.flagAt >= 0 && o.flagAt < 1) {
		return usage("-flag-at %v: want a probability between 0 and 1 (0: the default threshold)", o.flagAt)
	}
	if o.workers < 1 || o.workers > maxWorkers {
		return usage("-workers %d: want 1 to %d", o.workers, maxWorkers)
	}
	o.files = fset.Args()
	if len(o.files) == 0 {
		return usage("no input: name files or directories, or - for standard input")
	}
	stdins := 0
	for _, f := range o.files {
		if f == "-" {
			stdins++
		}
		// flag stops at the first file: a flag after it would be read as a
		// file name and fail late, with a puzzling error record.
		name, _, _ := strings.Cut(strings.TrimLeft(f, "-"), "=")
		if strings.HasPrefix(f, "-") && fset.Lookup(name) != nil {
			return usage("%s after a file: flags come before the files (name a file %s as ./%s)", f, f, f)
		}
	}
	if stdins > 1 {
		return usage("- (standard input) can be named only once")
	}
	return &o, nil
}

var errUsage = errors.New("usage")

// run is the program: it returns the exit status.
func run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if errors.Is(err, flag.ErrHelp) {
		return exitClean
	}
	if err != nil {
		return exitFatal
	}
	if o.version {
		fmt.Fprintln(stdout, "score", version())
		return exitClean
	}
	cls, err := newClassifier(o.lexicon, o.noModel, o.mismatch, o.flagAt)
	if err != nil {
		fmt.Fprintf(stderr, "score: %v\n", err)
		return exitFatal
	}
	p := newPipeline(o, cls, stdin)
	if wantProgress(o, stderr) {
		p.progress = newProgress(stderr, inputSize(o.files))
	}
	start := time.Now()
	go p.read()
	var wg sync.WaitGroup
	for range o.workers {
		wg.Go(p.work)
	}
	st, werr := p.write(stdout, stderr)
	wg.Wait()
	p.progress.finish()
	if werr != nil {
		fmt.Fprintf(stderr, "score: writing output: %v\n", werr)
		return exitFatal
	}
	if !o.quiet {
		fmt.Fprintln(stderr, st.summary(time.Since(start)))
	}
	switch {
	case st.flagged > 0 && st.failed > 0:
		return exitBoth
	case st.failed > 0:
		return exitInput
	case st.flagged > 0:
		return exitFlagged
	}
	return exitClean
}

// version returns the version of the vigie module this program is built from.
func version() string {
	const module = "github.com/vigie-project/vigie"
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return module + " (unknown version)"
	}
	if bi.Main.Path == module {
		return module + " " + bi.Main.Version
	}
	for _, d := range bi.Deps {
		if d.Path == module {
			return module + " " + d.Version
		}
	}
	return module + " (unknown version)"
}

// newClassifier returns a classifier with the embedded lexicon, or with the
// lexicon in dir, with the embedded model unless noModel, flagging from
// flagAt when it is above 0. Lexicon errors name the file and line.
func newClassifier(dir string, noModel, mismatch bool, flagAt float64) (*classify.Classifier, error) {
	var opts []classify.Option
	if flagAt > 0 {
		w := classify.DefaultWeights()
		w.FlagAt = flagAt
		opts = append(opts, classify.WithWeights(w))
	}
	if noModel {
		opts = append(opts, classify.WithoutModel())
	}
	if mismatch {
		opts = append(opts, classify.AllowModelMismatch())
	}
	if dir == "" {
		return classify.New(opts...)
	}
	fi, err := os.Stat(dir)
	if err != nil {
		return nil, fmt.Errorf("-lexicon %s: %w", dir, unwrapPath(err))
	}
	if !fi.IsDir() {
		return nil, fmt.Errorf("-lexicon %s: not a directory", dir)
	}
	lex, err := lexicon.Load(os.DirFS(dir))
	if err != nil {
		// The loader names files relative to dir: name them as the user can find them.
		if pe, ok := errors.AsType[*lexicon.ParseError](err); ok && pe.File != "" {
			pe.File = filepath.Join(dir, filepath.FromSlash(pe.File))
			return nil, pe
		}
		return nil, fmt.Errorf("-lexicon %s: %w", dir, err)
	}
	cls, err := classify.New(append(opts, classify.WithLexicon(lex))...)
	if errors.Is(err, classify.ErrModelMismatch) {
		return nil, fmt.Errorf("-lexicon %s: the embedded model was trained with the embedded lexicons: add -no-model, or -allow-model-mismatch to try the lexicon with it, or retrain (go run ./examples/train)", dir)
	}
	return cls, err
}

// unwrapPath drops the path from a *fs.PathError, for messages that already
// name the file.
func unwrapPath(err error) error { return input.UnwrapPath(err) }

// Documents travel in batches: one channel operation per document costs
// as much as scoring a short message, and would keep the workers waiting
// on the reader. A batch is sent when it is full, and before the reader
// waits for input (see flush), so that a slow stream is not held back.
const (
	batchDocs  = 256      // documents in a batch
	batchBytes = 64 << 10 // bytes of text in a batch, unless one document is larger
)

// doc is a document in a batch: text to score, or an output already made
// (an error record or a warning) that keeps its place in the order.
type doc struct {
	id   string
	text string
	done bool
	out  output // when done
}

// batch is documents in input order, and the channel for their outputs.
type batch struct {
	docs   []doc
	bytes  int           // bytes of text in docs
	in     int64         // bytes of input read since the previous batch, for the progress bar
	size   int           // bytes charged to the budget, given back by the writer
	res    chan []output // the outputs, in the order of docs; buffered
	arena  *[]byte       // the records the workers formatted, one after the other; from arenas, given back by the writer
	arenas *sync.Pool    // where arena comes from
}

// output is what the writer receives for one document.
type output struct {
	record  []byte // the formatted record, nil when -min hides it; in its batch's arena until the writer has written it
	warning string // for stderr, with the document's id
	flagged bool   // the document is at level medium or high
	failed  bool   // the record is an error record
	scored  bool   // the document was scored: level and cats are its result's
	level   classify.Level
	cats    catSet // the categories of its signals, for the HTML summary
}

// pipeline joins the reader, the workers and the writer.
type pipeline struct {
	opts  *options
	cls   *classify.Classifier
	stdin io.Reader

	jobs   chan *batch   // reader → workers
	order  chan *batch   // reader → writer, the same batches in input order
	budget *budget       // bytes of text between the reader and the writer
	stop   chan struct{} // closed by the writer when it cannot write
	once   sync.Once     // closes stop

	// the reader's state
	cur       *batch           // the batch being filled
	lines     input.LineReader // cuts files into lines, keeping its buffer from one to the next
	readBytes int64            // bytes of input read, counted under the buffers (and the UTF-16 decoder)
	sent      int64            // read, as of the last batch sent

	progress *progress // nil when not shown

	// arenas recycles the storage of the records: a JSON record is about eight
	// times the size of a message, and allocating each one made the garbage
	// collector the part of the work that did not scale with cores
	arenas sync.Pool // *[]byte
}

func newPipeline(o *options, cls *classify.Classifier, stdin io.Reader) *pipeline {
	queue := 2 * o.workers
	return &pipeline{
		opts:   o,
		cls:    cls,
		stdin:  stdin,
		jobs:   make(chan *batch, queue),
		order:  make(chan *batch, queue),
		budget: newBudget(4 * maxDocBytes),
		stop:   make(chan struct{}),
	}
}

// stopped reports whether the writer gave up.
func (p *pipeline) stopped() bool {
	select {
	case <-p.stop:
		return true
	default:
		return false
	}
}

// add appends d to the current batch, and sends the batch when it is full.
// It returns false when the writer gave up.
func (p *pipeline) add(d doc) bool {
	if p.cur == nil {
		p.cur = &batch{docs: make([]doc, 0, batchDocs), res: make(chan []output, 1)}
	}
	p.cur.docs = append(p.cur.docs, d)
	p.cur.bytes += len(d.text)
	if len(p.cur.docs) >= batchDocs || p.cur.bytes >= batchBytes {
		return p.flush()
	}
	return !p.stopped()
}

// flush sends the current batch to the workers and the writer. It returns
// false when the writer gave up.
func (p *pipeline) flush() bool {
	b := p.cur
	if b == nil && p.readBytes > p.sent {
		b = &batch{res: make(chan []output, 1)} // input without documents (blank lines): count it
	}
	if b == nil {
		return !p.stopped()
	}
	p.cur = nil
	b.in, p.sent = p.readBytes-p.sent, p.readBytes
	b.size = p.budget.acquire(b.bytes)
	select {
	case p.order <- b:
	case <-p.stop:
		p.budget.release(b.size)
		return false
	}
	if b.bytes == 0 && !slices.ContainsFunc(b.docs, func(d doc) bool { return !d.done }) {
		b.res <- outputs(b.docs) // nothing to score
		return true
	}
	p.jobs <- b // the workers take batches until jobs is closed
	return true
}

// outputs returns the outputs of docs that are all done.
func outputs(docs []doc) []output {
	outs := make([]output, len(docs))
	for i := range docs {
		outs[i] = docs[i].out
	}
	return outs
}

// emit queues a document for scoring.
func (p *pipeline) emit(id, text string) bool {
	return p.add(doc{id: id, text: text})
}

// fail queues an error record for id.
func (p *pipeline) fail(id string, err error) bool {
	msg := err.Error()
	return p.add(doc{id: id, done: true, out: p.errorOutput(id, msg)})
}

func (p *pipeline) errorOutput(id, msg string) output {
	return output{record: p.opts.format.errorRecord(id, msg), warning: record.ShowID(id) + ": " + msg, failed: true}
}

// warn queues a warning about id, without a record.
func (p *pipeline) warn(id, msg string) bool {
	return p.add(doc{id: id, done: true, out: output{warning: record.ShowID(id) + ": " + msg}})
}

// read cuts the inputs into documents, then closes the queues.
func (p *pipeline) read() {
	defer close(p.order)
	defer close(p.jobs)
	for _, name := range p.opts.files {
		ok := true
		if name == "-" {
			// Standard input may be a person or a slow pipe: what was read
			// before it must not wait for it.
			ok = p.flush() && p.readStream(stdinName, p.stdin)
		} else {
			ok = p.readPath(name)
		}
		if !ok {
			return
		}
	}
	p.flush()
}

// readPath reads a file, or walks a directory.
func (p *pipeline) readPath(path string) bool {
	f, err := os.Open(path)
	if err != nil {
		return p.fail(idOf(path), unwrapPath(err))
	}
	fi, err := f.Stat()
	if err == nil && fi.IsDir() {
		f.Close()
		return p.walk(path)
	}
	defer f.Close()
	if err == nil && !fi.Mode().IsRegular() && !p.flush() { // a pipe or a device may make us wait
		return false
	}
	return p.readStream(idOf(path), f)
}

// walk reads the regular files under root in lexical order, skipping names
// that start with ".".
func (p *pipeline) walk(root string) bool {
	ok := true
	filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			// A directory that cannot be read: report it and go on with the others.
			if !p.fail(idOf(path), unwrapPath(err)) {
				ok = false
				return fs.SkipAll
			}
			return nil
		}
		if path != root && strings.HasPrefix(d.Name(), ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if !d.Type().IsRegular() {
			return nil
		}
		if !p.readPath(path) || p.stopped() {
			ok = false
			return fs.SkipAll
		}
		return nil
	})
	return ok
}

// idOf is the id of a file's document: its path with forward slashes.
func idOf(path string) string { return filepath.ToSlash(path) }

// errNotText is the error for binary files.
var errNotText = input.ErrNotText

// readStream reads one file or standard input.
func (p *pipeline) readStream(name string, r io.Reader) bool {
	// input.Text tells text (UTF-8, or UTF-16 with a byte order mark, which
	// it decodes) from binary by what the first read gives: no waiting for
	// more on a pipe that trickles.
	br, err := input.Text(bufio.NewReaderSize(&countingReader{r: r, n: &p.readBytes}, 64<<10))
	if err != nil {
		return p.fail(name, err)
	}
	if p.opts.mode == modeWhole {
		return p.readWhole(name, br)
	}
	return p.readLines(name, br)
}

// countingReader counts the bytes read through it, for the progress bar
// and the summary line.
type countingReader struct {
	r io.Reader
	n *int64
}

func (c *countingReader) Read(b []byte) (int, error) {
	n, err := c.r.Read(b)
	*c.n += int64(n)
	return n, err
}

// readWhole reads a file as one document.
func (p *pipeline) readWhole(name string, br *bufio.Reader) bool {
	var b strings.Builder
	n, err := io.Copy(&b, io.LimitReader(br, int64(maxDocBytes)+1))
	if err != nil {
		return p.fail(name, fmt.Errorf("read: %w", unwrapPath(err)))
	}
	if n > int64(maxDocBytes) {
		return p.fail(name, fmt.Errorf("larger than %s: skipped; score it line by line with -lines or -jsonl", input.SizeName(maxDocBytes)))
	}
	text := b.String()
	if !utf8.ValidString(text) && !p.warn(name, input.WarnUTF8) {
		return false
	}
	return p.emit(name, text)
}

// readLines reads a file as lines (-lines) or JSON lines (-jsonl), as
// input.LineReader cuts them, flushing the current batch before a read that
// may wait for input.
func (p *pipeline) readLines(name string, br *bufio.Reader) bool {
	mode := input.Lines
	if p.opts.mode == modeJSONL {
		mode = input.JSONLines
	}
	p.lines.Wait = p.flush
	p.lines.Reset(name, br, mode, maxLineBytes)
	for {
		d, ok := p.lines.Next()
		if !ok {
			return !p.stopped()
		}
		if d.Warning != "" && !p.warn(name, d.Warning) {
			return false
		}
		if d.Err != nil {
			ok = p.fail(d.ID, d.Err)
		} else {
			ok = p.emit(d.ID, d.Text)
		}
		if !ok {
			return false
		}
	}
}

// The reading of files is internal/input's, shared with the pipeline
// (examples/beam); these names are the ones the tests know.
var (
	isBinary      = input.IsBinary
	readLine      = input.ReadLine
	parseJSONLine = input.ParseJSONLine
	plainJSONLine = input.PlainJSONLine
	fullJSONLine  = input.FullJSONLine
)

// work scores batches until the jobs are closed. Each worker reuses one
// Result, as ClassifyInto allows; the records of a batch
// are formatted into one arena, which the writer gives back once written.
func (p *pipeline) work() {
	var r classify.Result
	for b := range p.jobs {
		outs := make([]output, len(b.docs))
		arena, _ := p.arenas.Get().(*[]byte)
		if arena == nil {
			arena = new([]byte)
		}
		buf := (*arena)[:0]
		ends := make([]int, len(b.docs)) // where each document's record ends in buf
		for i := range b.docs {
			if d := &b.docs[i]; d.done {
				outs[i] = d.out
			} else {
				outs[i], buf = p.score(d, &r, buf)
			}
			ends[i] = len(buf)
		}
		start := 0
		for i := range outs { // buf does not move any more
			if !b.docs[i].done && outs[i].record == nil && ends[i] > start {
				outs[i].record = buf[start:ends[i]:ends[i]]
			}
			start = ends[i]
		}
		*arena = buf
		b.arena, b.arenas = arena, &p.arenas
		b.res <- outs
	}
}

// score classifies one document and appends its record to buf, unless -min
// hides it. A panic in the classifier becomes an error record: one bad
// document must not lose the others, and it is not silent (error record,
// warning, exit status).
func (p *pipeline) score(d *doc, r *classify.Result, dst []byte) (out output, buf []byte) {
	buf, n := dst, len(dst)
	defer func() {
		if e := recover(); e != nil {
			*r = classify.Result{}
			out = p.errorOutput(d.id, fmt.Sprintf("internal error in the classifier: %v", e))
			buf = buf[:n]
		}
	}()
	p.cls.ClassifyInto(d.text, r)
	out = output{flagged: r.Level.Flagged(), scored: true, level: r.Level}
	if p.opts.format == formatHTML {
		out.cats = signalCats(r)
	}
	if r.Level >= p.opts.min {
		buf = p.opts.format.appendRecord(buf, d.id, d.text, r)
	}
	d.text = "" // the batch waits for the writer: let the text go
	return out, buf
}

// stats are what the exit status and the summary line are made of.
type stats struct {
	flagged, failed int
	levels          [classify.High + 1]int // documents scored, by level
	in              int64                  // bytes of input read
}

// summary returns the summary line, for a run that took elapsed:
//
//	score: 12 documents, 5 flagged (2 high, 3 medium), 4 low, 3 none, 1 error; 0.25 s, 1.3 MB/s
//
// A megabyte is a million bytes of input, as read (before any decoding).
func (st *stats) summary(elapsed time.Duration) string {
	docs := st.failed
	for _, n := range st.levels {
		docs += n
	}
	errs := "errors"
	if st.failed == 1 {
		errs = "error"
	}
	sec := elapsed.Seconds()
	rate := 0.0
	if sec > 0 {
		rate = float64(st.in) / 1e6 / sec
	}
	return fmt.Sprintf("score: %d %s, %d flagged (%d high, %d medium), %d low, %d none, %d %s; %.2f s, %.1f MB/s",
		docs, plural(docs, "document", "documents"), st.levels[classify.High]+st.levels[classify.Medium],
		st.levels[classify.High], st.levels[classify.Medium], st.levels[classify.Low], st.levels[classify.None],
		st.failed, errs, sec, rate)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// write writes the records in input order and the warnings, and returns the
// first write error. After an error it keeps draining the queue, so that
// the reader and the workers end.
func (p *pipeline) write(stdout, stderr io.Writer) (stats, error) {
	var st stats
	var werr error
	w := bufio.NewWriterSize(stdout, 64<<10)
	fail := func(err error) {
		if err != nil && werr == nil {
			werr = err
			p.once.Do(func() { close(p.stop) })
		}
	}
	put := func(b []byte) {
		if werr == nil {
			_, err := w.Write(b)
			fail(err)
		}
	}
	flush := func() {
		if werr == nil {
			fail(w.Flush())
		}
	}
	records := 0
	var page *htmlReport
	if p.opts.format == formatHTML {
		page = new(htmlReport)
	}
	for {
		// Flush only before waiting: the output keeps up with a slow input
		// without a write per record on a fast one.
		var b *batch
		var ok bool
		select {
		case b, ok = <-p.order:
		default:
			flush()
			b, ok = <-p.order
		}
		if !ok {
			break
		}
		var outs []output
		select {
		case outs = <-b.res:
		default:
			flush()
			outs = <-b.res
		}
		p.budget.release(b.size)
		st.in += b.in
		docs := 0
		for i := range outs {
			out := &outs[i]
			if out.failed {
				st.failed++
				docs++
			}
			if out.flagged {
				st.flagged++
			}
			if out.scored {
				st.levels[out.level]++
				docs++
			}
			if out.warning != "" {
				flush() // keep stdout and stderr in order on a terminal
				p.progress.clear()
				fmt.Fprintf(stderr, "score: %s\n", out.warning)
			}
			if page != nil {
				page.add(out)
				continue
			}
			if out.record == nil {
				continue
			}
			switch p.opts.format {
			case formatJSON:
				if records == 0 {
					put([]byte("[\n"))
				} else {
					put([]byte(",\n"))
				}
				put(out.record)
			case formatJSONL:
				put(out.record)
				put([]byte("\n"))
			default:
				put(out.record)
			}
			records++
		}
		if b.arena != nil && cap(*b.arena) <= maxArena {
			b.arenas.Put(b.arena) // written: the workers may reuse it
		}
		p.progress.add(b.in, docs)
	}
	if page != nil && werr == nil {
		fail(page.write(w))
	}
	if p.opts.format == formatJSON {
		if records == 0 {
			put([]byte("[]\n"))
		} else {
			put([]byte("\n]\n"))
		}
	}
	flush()
	return st, werr
}

// maxArena is the largest record arena kept for reuse: a batch of long
// documents may need more, once.
const maxArena = 4 << 20

// appendRecord appends the record of a scored document to dst
// (internal/record formats it, as for the server and the pipeline), or its
// article for the HTML report, from the same result.
func (f format) appendRecord(dst []byte, id, text string, r *classify.Result) []byte {
	switch f {
	case formatText:
		return record.AppendText(dst, id, r)
	case formatHTML:
		return appendHTMLDoc(dst, id, text, r)
	}
	return record.AppendJSON(dst, id, r)
}

// errorRecord formats an error record.
func (f format) errorRecord(id, msg string) []byte {
	switch f {
	case formatText:
		return record.AppendErrorText(nil, id, msg)
	case formatHTML:
		return appendHTMLError(nil, id, msg)
	}
	return record.AppendErrorJSON(nil, id, msg)
}

// budget bounds the bytes of text between the reader and the writer: the
// reader acquires a document's size before queueing it, the writer releases
// it once the record is written. Only the reader acquires.
type budget struct {
	mu    sync.Mutex
	cond  sync.Cond
	total int
	free  int
}

func newBudget(total int) *budget {
	b := &budget{total: total, free: total}
	b.cond.L = &b.mu
	return b
}

// acquire waits until n bytes are free and takes them. A document larger
// than the whole budget takes all of it. It returns what it took.
func (b *budget) acquire(n int) int {
	n = min(n, b.total)
	b.mu.Lock()
	for b.free < n {
		b.cond.Wait()
	}
	b.free -= n
	b.mu.Unlock()
	return n
}

// release gives back n bytes.
func (b *budget) release(n int) {
	if n == 0 {
		return
	}
	b.mu.Lock()
	b.free += n
	b.mu.Unlock()
	b.cond.Signal()
}
