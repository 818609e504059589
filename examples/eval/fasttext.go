package main

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/vigie-project/vigie/internal/corpus"
	"github.com/vigie-project/vigie/internal/fasttext"
)

// fastTextParams are the fastText training settings of the baseline (see
// internal/fasttext: the speed comparison trains the same model).
var fastTextParams = fasttext.EvalParams

// fastTextLabel maps a corpus label to the fastText training label: Vigie's
// positives are __label__pos, the negatives of the train split __label__neg.
// Stormfront's milieu (noHate sentences written inside a white-supremacist
// forum) is neither: the corpus documents it as not a clean negative, and
// calling it positive would teach the model the forum, not the hate. It is
// left out of training, as it is left out of the metrics.
func fastTextLabel(label string) string {
	switch roleOf(label) {
	case positive:
		return "__label__pos"
	case hardNegative, otherNeg:
		return "__label__neg"
	}
	return ""
}

// fastTextLine is how a text is written for fastText, which splits on
// whitespace and reads one example a line: lower case, punctuation and
// symbols set apart as tokens (as in fastText's own tutorial), all whitespace
// (including line breaks) one space.
func fastTextLine(text string) string {
	var b strings.Builder
	for _, r := range text {
		switch {
		case r == 0 || unicode.IsSpace(r) || unicode.IsControl(r):
			b.WriteByte(' ')
		case unicode.IsPunct(r) || unicode.IsSymbol(r):
			b.WriteByte(' ')
			b.WriteRune(r)
			b.WriteByte(' ')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	s := strings.Join(strings.Fields(b.String()), " ")
	return strings.ReplaceAll(s, "__label__", "label") // a text must not name a label
}

// fastText is a model trained by the fasttext command in a temporary
// directory.
type fastText struct {
	bin, dir string
	model    string
	commands []string // the commands run, with the directory written $TMP
	pos, neg int      // training examples
	ignored  int      // training records left out (not use=train, or no label mapping)
	trainDur time.Duration
	load     time.Duration // start-up and model loading of predict
}

// trainFastText trains a model on the records whose use is "train".
func trainFastText(bin, dir string, train []corpus.Record, params []string) (*fastText, error) {
	ft := &fastText{bin: bin, dir: dir, model: filepath.Join(dir, "model")}
	var buf bytes.Buffer
	for _, r := range train {
		l := fastTextLabel(r.Label)
		if r.Use != "train" || l == "" {
			ft.ignored++
			continue
		}
		if l == "__label__pos" {
			ft.pos++
		} else {
			ft.neg++
		}
		buf.WriteString(l)
		buf.WriteByte(' ')
		buf.WriteString(fastTextLine(r.Text))
		buf.WriteByte('\n')
	}
	if ft.pos == 0 || ft.neg == 0 {
		return nil, fmt.Errorf("fastText: the train set needs positives and negatives, has %d and %d", ft.pos, ft.neg)
	}
	input := filepath.Join(dir, "train.txt")
	if err := os.WriteFile(input, buf.Bytes(), 0o600); err != nil {
		return nil, err
	}
	args := append([]string{"supervised", "-input", input, "-output", ft.model}, params...)
	start := time.Now()
	if _, err := ft.run(args, nil); err != nil {
		return nil, err
	}
	ft.trainDur = time.Since(start)
	// Start-up and model loading, measured on one line, so that the speed of
	// prediction can be given without them.
	one := filepath.Join(dir, "one.txt")
	if err := os.WriteFile(one, []byte("x\n"), 0o600); err != nil {
		return nil, err
	}
	start = time.Now()
	if _, err := ft.run([]string{"predict-prob", ft.model + ".bin", one, "2"}, nil); err != nil {
		return nil, err
	}
	ft.load = time.Since(start)
	return ft, nil
}

// run runs fastText and records the command.
func (ft *fastText) run(args []string, stdout *bytes.Buffer) (*bytes.Buffer, error) {
	shown := make([]string, len(args))
	for i, a := range args {
		shown[i] = strings.ReplaceAll(a, ft.dir, "$TMP")
	}
	cmdline := "fasttext " + strings.Join(shown, " ")
	if !contains(ft.commands, cmdline) {
		ft.commands = append(ft.commands, cmdline)
	}
	if stdout == nil {
		stdout = new(bytes.Buffer)
	}
	var stderr bytes.Buffer
	cmd := exec.Command(ft.bin, args...)
	cmd.Stdout, cmd.Stderr = stdout, &stderr
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s: %v: %s", cmdline, err, strings.TrimSpace(lastLine(stderr.String())))
	}
	return stdout, nil
}

// predict returns the probability of __label__pos for each record, and how
// long fastText took.
func (ft *fastText) predict(name string, recs []corpus.Record) ([]float64, time.Duration, error) {
	var buf bytes.Buffer
	for _, r := range recs {
		buf.WriteString(fastTextLine(r.Text))
		buf.WriteByte('\n')
	}
	input := filepath.Join(ft.dir, strings.NewReplacer("/", "_", ".jsonl", "").Replace(name)+".txt")
	if err := os.WriteFile(input, buf.Bytes(), 0o600); err != nil {
		return nil, 0, err
	}
	start := time.Now()
	out, err := ft.run([]string{"predict-prob", ft.model + ".bin", input, "2"}, nil)
	if err != nil {
		return nil, 0, err
	}
	elapsed := time.Since(start)
	probs, err := parsePredictions(out.Bytes(), len(recs))
	return probs, elapsed, err
}

// parsePredictions reads the output of `fasttext predict-prob MODEL FILE 2`:
// one line per input line, label and probability pairs. A line without any
// known word gets no prediction from fastText, an empty line: its
// probability is 0.5, which is what fastText's model says of an empty input.
func parsePredictions(out []byte, n int) ([]float64, error) {
	probs := make([]float64, 0, n)
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		p := 0.5
		if len(f) >= 2 { // the first label is the most probable; the other is its complement
			v, err := strconv.ParseFloat(f[1], 64)
			if err != nil {
				return nil, fmt.Errorf("fastText output line %d: %v", len(probs)+1, err)
			}
			v = min(max(v, 0), 1) // fastText prints 1.00001 for a certainty
			switch f[0] {
			case "__label__pos":
				p = v
			case "__label__neg":
				p = 1 - v
			default:
				return nil, fmt.Errorf("fastText output line %d: unknown label %q", len(probs)+1, f[0])
			}
		}
		probs = append(probs, p)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(probs) != n {
		return nil, fmt.Errorf("fastText gave %d predictions for %d texts", len(probs), n)
	}
	return probs, nil
}

// fastTextSystem is the second baseline: flagged when the probability of
// __label__pos is above one half, fastText's own decision.
func fastTextSystem(ft *fastText) system {
	return system{name: "fastText", score: func(name string, recs []corpus.Record) (predictions, time.Duration, error) {
		probs, d, err := ft.predict(name, recs)
		if err != nil {
			return predictions{}, 0, err
		}
		p := predictions{score: probs, flagged: make([]bool, len(probs))}
		for i, v := range probs {
			p.flagged[i] = v > 0.5
		}
		return p, d, nil
	}}
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

func lastLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.LastIndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}
