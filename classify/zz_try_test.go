package classify

import (
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"testing"
)

func TestTry(t *testing.T) {
	c := defaultClassifier(t)
	b, _ := os.ReadFile("/tmp/vg/try.txt")
	for _, s := range strings.Split(strings.TrimSpace(string(b)), "\n") {
		r := c.Classify(s)
		fmt.Printf("%-6s %.2f %v %-70.70s", r.Level, r.Score, r.Scores, s)
		for _, sg := range r.Signals {
			if !sg.Repeat {
				fmt.Printf(" [%s %q %.2f]", sg.Category, sg.Text, sg.Weight)
			}
		}
		fmt.Println()
		if os.Getenv("V") != "" {
			j, _ := json.Marshal(r.Model)
			fmt.Println(string(j)[:min(len(j), 900)])
		}
	}
}
