package main

import (
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/vigie-project/vigie/classify"
	"github.com/vigie-project/vigie/internal/corpus"
	"github.com/vigie-project/vigie/internal/input"
	"github.com/vigie-project/vigie/internal/record"
)

// The benchmarks put the pipeline on the local runner beside the scoring
// program on the same input, a file of messages one a line, and beside
// scoring alone, to show what the pipeline costs per record:
//
//	go test -run '^$' -bench . -benchtime 3x
//
// Each reports records/s (wall clock) and cpu-µs/record (user and system
// time of the process, over all its cores).
var benchLines = flag.Int("bench.lines", 100_000, "lines in the benchmarks' input")

// benchInput writes the benchmarks' input into dir and returns its name and
// its lines: corpus/dev.jsonl's texts, line breaks made spaces, repeated to
// n lines, as BENCHMARKS.md's scale file; without the shared data, the
// functional cases' texts.
func benchInput(b *testing.B, dir string, n int) (name string, lines []string) {
	b.Helper()
	texts, err := corpus.Texts("dev", "", 0, 1<<30)
	if err != nil {
		b.Logf("shared data absent, the functional cases' texts instead: %v", err)
		texts = caseTexts(b)
	}
	for i := range n {
		lines = append(lines, strings.Join(strings.Fields(texts[i%len(texts)]), " "))
	}
	name = filepath.Join(dir, "messages.txt")
	writeFile(b, name, strings.Join(lines, "\n")+"\n")
	return name, lines
}

// cpuTime returns the user and system time of this process.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// report sets the metrics of a benchmark that handled records in each
// iteration, and used cpu in all of them.
func report(b *testing.B, records int, cpu time.Duration) {
	n := float64(records * b.N)
	b.ReportMetric(n/b.Elapsed().Seconds(), "records/s")
	b.ReportMetric(float64(cpu.Microseconds())/n, "cpu-µs/record")
}

// BenchmarkPipeline runs the pipeline on the local runner (prism, in this
// process) over the input, --format lines, with and without the reshuffle.
func BenchmarkPipeline(b *testing.B) {
	for _, reshuffle := range []bool{true, false} {
		b.Run(fmt.Sprintf("reshuffle=%v", reshuffle), func(b *testing.B) {
			dir := b.TempDir()
			name, lines := benchInput(b, dir, *benchLines)
			fi, _ := os.Stat(name)
			b.SetBytes(fi.Size())
			o := options{Input: name, Mode: input.Lines, Output: filepath.Join(dir, "out") + "/", Top: defaultTop, Reshuffle: reshuffle}
			start := cpuTime(b)
			for b.Loop() {
				runPipeline(b, o)
			}
			report(b, len(lines), cpuTime(b)-start)
		})
	}
}

// BenchmarkScoreProgram runs the scoring program, built from the root
// module, over the same input: -lines -format jsonl, output discarded.
func BenchmarkScoreProgram(b *testing.B) {
	bin, err := scoreBin()
	if err != nil {
		b.Fatal(err)
	}
	name, lines := benchInput(b, b.TempDir(), *benchLines)
	fi, _ := os.Stat(name)
	b.SetBytes(fi.Size())
	var cpu time.Duration
	for b.Loop() {
		cmd := exec.Command(bin, "-lines", "-format", "jsonl", name)
		if err := cmd.Run(); err != nil && cmd.ProcessState.ExitCode() > 1 {
			b.Fatalf("score: %v", err)
		}
		cpu += cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	report(b, len(lines), cpu)
}

// BenchmarkClassifyRecord scores the same lines in one goroutine and
// formats their records, with nothing around: the work both programs must
// do for each record.
func BenchmarkClassifyRecord(b *testing.B) {
	_, lines := benchInput(b, b.TempDir(), *benchLines)
	cls, err := classify.New()
	if err != nil {
		b.Fatal(err)
	}
	var (
		r   classify.Result
		buf []byte
	)
	start := cpuTime(b)
	for b.Loop() {
		for i, line := range lines {
			cls.ClassifyInto(line, &r)
			buf = record.AppendJSON(buf[:0], input.LineID("messages.txt", i+1), &r)
		}
	}
	report(b, len(lines), cpuTime(b)-start)
}
