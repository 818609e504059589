package model

import (
	"embed"
	"io/fs"
	"sync"
)

//go:embed data/vigie.model
var defaultFS embed.FS

// DefaultFS returns the embedded default model file, vigie.model, so that a
// user can read it.
func DefaultFS() fs.FS {
	sub, err := fs.Sub(defaultFS, "data")
	if err != nil {
		panic(err) // the embedded directory exists by construction
	}
	return sub
}

var (
	defaultOnce  sync.Once
	defaultModel *Model
	defaultErr   error
)

// Default returns the embedded default model (model/data/vigie.model,
// written by examples/train). It is loaded once and shared.
func Default() (*Model, error) {
	defaultOnce.Do(func() {
		defaultModel, defaultErr = LoadFS(DefaultFS(), "vigie.model")
	})
	return defaultModel, defaultErr
}
