package imperative

import (
	"errors"
	"testing"

	"github.com/jdkato/prose/v2"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestImperatives(t *testing.T) {
	f, err := New()
	require.NoError(t, err)
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

// TestNewError: when prose's model cannot be loaded, New says so instead of
// returning a Finder that loads it again for every sentence.
func TestNewError(t *testing.T) {
	saved := loadModel
	t.Cleanup(func() { loadModel = saved })
	cause := errors.New("no model")
	loadModel = func() (*prose.Model, error) { return nil, cause }
	f, err := New()
	assert.Nil(t, f)
	require.ErrorIs(t, err, cause)
	assert.Equal(t, "imperative: loading prose's tagging model: no model", err.Error())
}

// TestZeroFinder: the zero Finder finds imperatives too, loading prose's
// model as it goes.
func TestZeroFinder(t *testing.T) {
	var f Finder
	spans := f.Imperatives("Kill them all.")
	require.Len(t, spans, 1)
	assert.Equal(t, 0, spans[0].Start)
	assert.Equal(t, 4, spans[0].End)
}
