package imperative

import (
	"testing"

	"github.com/stretchr/testify/assert"
)

func TestImperatives(t *testing.T) {
	f := New()
	tests := []struct {
		text string
		want []string
	}{
		{"Kill them all.", []string{"Kill"}},
		{"Join the caliphate now! They kill our brothers.", []string{"Join"}},
		{"They kill our brothers.", nil},
		{"Should we kill them?", nil},
		{"@abu burn their churches", []string{"burn"}},
	}
	for _, tt := range tests {
		var got []string
		for _, s := range f.Imperatives(tt.text) {
			got = append(got, tt.text[s.Start:s.End])
		}
		assert.Equal(t, tt.want, got, tt.text)
	}
}
