package main

import (
	"bytes"
	"encoding/json"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/vigie-project/vigie/classify"
)

// TestPerspectiveClient runs a real Perspective client from the npm
// registry, perspective-api-client, unchanged but for its base URL, against
// the server on loopback (clienttest/client.js), then checks the numbers it
// received against the classifier's. It needs node and the client's
// modules (cd examples/serve/clienttest && npm ci); without them it skips,
// unless VIGIE_REQUIRE_NODE is set, as in CI, where it fails.
func TestPerspectiveClient(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		skipOrFail(t, "node is not installed")
	}
	if _, err := os.Stat("clienttest/node_modules/perspective-api-client/package.json"); err != nil {
		skipOrFail(t, "the client is not installed: cd examples/serve/clienttest && npm ci")
	}
	ts := httptest.NewServer(newTestServer(defaultConfig()).handler())
	defer ts.Close()
	cmd := exec.CommandContext(t.Context(), node, "client.js")
	cmd.Dir = "clienttest"
	cmd.Env = append(os.Environ(), "VIGIE_URL="+ts.URL)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		t.Fatalf("node client.js: %v\n%s%s", err, out, stderr.Bytes())
	}
	lines := strings.Split(strings.TrimSpace(string(out)), "\n")
	if last := lines[len(lines)-1]; last != "4 passed, 0 failed" {
		t.Fatalf("client.js ended with %q", last)
	}
	c := testClassifier()
	checked := 0
	for _, line := range lines[:len(lines)-1] {
		var got struct {
			Case   string       `json:"case"`
			Text   string       `json:"text"`
			Answer testResponse `json:"answer"`
		}
		if err := json.Unmarshal([]byte(line), &got); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		if got.Text == "" {
			continue // a case that checked an error
		}
		want := c.Classify(got.Text)
		for name, risk := range map[string]classify.Risk{"THREAT": classify.Violence, "IDENTITY_ATTACK": classify.Hate} {
			a := got.Answer.AttributeScores[name]
			checkScore(t, got.Case+": "+name, a.SummaryScore, want.Scores.Of(risk))
			for _, sp := range a.SpanScores {
				sentence := utf16Slice(t, got.Text, *sp.Begin, *sp.End)
				alone := c.Classify(sentence)
				checkScore(t, got.Case+": "+name+" span "+sentence, sp.Score, alone.Scores.Of(risk))
				checked++
			}
		}
	}
	if checked == 0 {
		t.Errorf("no span score came back from the client")
	}
}

func skipOrFail(t *testing.T, why string) {
	t.Helper()
	if os.Getenv("VIGIE_REQUIRE_NODE") != "" {
		t.Fatal(why + " (VIGIE_REQUIRE_NODE is set)")
	}
	t.Skip(why)
}
