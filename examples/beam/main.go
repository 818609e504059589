// Command beam scores corpora with Vigie as an Apache Beam pipeline, on the
// local runner or on Dataflow, Flink or Spark.
//
//	go run . --input 'corpus/*.jsonl' --format jsonl --output out/
//
// It reads the files that --input names (a pattern any Beam filesystem
// reads: local, gs://, s3://; files ending in .gz are decompressed), one
// document a line (--format lines) or one JSON object a line with a "text"
// and an optional "id" (--format jsonl), and writes, under the --output
// prefix, the records of the scoring program (examples/score), byte for byte
// the same for the same files, in sharded JSON lines files, and a summary:
// the documents per level and per signal category, and the concepts found
// in most documents.
//
// The reading, the ids and the error records are the scoring program's
// (internal/input, internal/record): line N of file F has id F:N unless its
// JSON object has an "id"; a line that cannot be read (malformed JSON, too
// long, a binary file) gives an error record, never a failed job.
//
// Each file is read by one worker; --reshuffle (the default) then spreads
// its documents over all the workers, so that a few large files are scored
// in parallel. With many more files than worker threads, --reshuffle=false
// saves that shuffle.
//
// Runners: --runner prism (the default: the SDK's local runner, in this
// process), dataflow, flink or spark, with the SDK's flags for each
// (--project, --region, --staging_location, --endpoint, ...). README.md,
// section "Scoring at scale", gives the commands.
//
// The pipeline writes nothing of the texts it reads except the records, and
// logs no text.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log"
	"os"

	"github.com/apache/beam/sdks/v2/go/pkg/beam"
	"github.com/apache/beam/sdks/v2/go/pkg/beam/x/beamx"
	"github.com/vigie-project/vigie/internal/input"

	// The filesystems the input and the output may be on.
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/gcs"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/local"
	_ "github.com/apache/beam/sdks/v2/go/pkg/beam/io/filesystem/s3"
)

// options are the pipeline's own flags.
type options struct {
	Input   string     // file pattern
	Mode    input.Mode // lines or JSON lines
	Output  string     // prefix of the output files
	Top     int        // concepts in the summary
	NoModel bool       // score with the lexicon alone
	// Reshuffle spreads the documents of each file over all workers. A
	// file is read by one worker; without the reshuffle its documents are
	// scored there too, which saves a shuffle when there are many more files
	// than worker threads.
	Reshuffle bool
}

// defaultTop is how many concepts the summary lists by default.
const defaultTop = 20

func main() {
	var (
		o      options
		format string
	)
	flag.StringVar(&o.Input, "input", "", "the files to score: a `PATTERN` (local, gs://, s3://)")
	flag.StringVar(&format, "format", "lines", "input `FORMAT`: lines (a document a line) or jsonl (a JSON object a line, with \"text\" and an optional \"id\")")
	flag.StringVar(&o.Output, "output", "", "`PREFIX` of the output: PREFIX-SSSSS-of-NNNNN.jsonl and PREFIX-summary.json (in a directory, with a trailing /: records-SSSSS-of-NNNNN.jsonl and summary.json)")
	flag.IntVar(&o.Top, "top", defaultTop, "list the `N` concepts found in most documents in the summary")
	flag.BoolVar(&o.NoModel, "no-model", false, "score with the lexicon and its rules alone, without the embedded trained model")
	flag.BoolVar(&o.Reshuffle, "reshuffle", true, "spread each file's documents over all workers (false saves a shuffle when there are many more files than worker threads)")
	flag.Parse()
	// On a distributed runner the same program is started as a worker:
	// beam.Init takes over there, before the flags are checked.
	beam.Init()

	if err := o.check(format); err != nil {
		fmt.Fprintf(os.Stderr, "beam: %v\nRun 'go run . -h' for usage.\n", err)
		os.Exit(2)
	}
	p := beam.NewPipeline()
	build(p.Root(), o)
	if err := beamx.Run(context.Background(), p); err != nil {
		log.Fatalf("beam: the pipeline failed: %v", err)
	}
}

// check validates the options and sets the mode from its name.
func (o *options) check(format string) error {
	mode, ok := input.ParseMode(format)
	if !ok {
		return fmt.Errorf("--format %q: want lines or jsonl", format)
	}
	o.Mode = mode
	switch {
	case o.Input == "":
		return errors.New("--input: name the files to score")
	case o.Output == "":
		return errors.New("--output: name the prefix of the output files")
	case o.Top < 0:
		return fmt.Errorf("--top %d: want 0 or more", o.Top)
	}
	return nil
}
