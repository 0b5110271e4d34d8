package hf

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"

	"github.com/cogport/cogport/facts"
)

// LoadLocal reads a model from a folder laid out like a Hub snapshot, with
// no network: the file list (relative, forward slashes, sizes), the card,
// the task, library and tags its front matter declares, a Hub-like Config
// built from config.json, model_index.json, adapter_config.json and
// tokenizer_config.json, and the files needs(m) asks for. .git and .cache
// are skipped; symlinks are followed only when they stay inside the folder
// (or, for a Hugging Face cache snapshot, inside its models--org--name
// folder, where the blobs live). A snapshot in a Hugging Face cache also
// gives the ID, SHA and, when a ref points at it, the Revision.
func LoadLocal(dir string, needs func(*facts.Model) []string) (*facts.Model, error) {
	root, err := localRoot(dir)
	if err != nil {
		return nil, err
	}
	abs, _ := filepath.Abs(dir)
	m := &facts.Model{LocalDir: abs}
	allowed := []string{root}
	if repoDir := fillFromCachePath(m, root); repoDir != "" {
		allowed = append(allowed, repoDir)
	}
	snap := &snapshot{root: root, allowed: allowed}
	if m.Files, err = snap.walk(); err != nil {
		return nil, fmt.Errorf("reading local model %s: %w", dir, err)
	}
	if m.HasFile(cardPath) {
		b, err := snap.read(cardPath)
		if err != nil {
			return nil, err
		}
		if m.Card, err = ParseCard(b); err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Join(dir, cardPath), err)
		}
		fillFromCard(m)
	}
	m.Config = localConfig(m, snap)
	if err := loadLocalConfigs(m, snap, needs); err != nil {
		return nil, err
	}
	return m, nil
}

// localRoot checks that dir is an existing folder and resolves symlinks in
// its path, so containment checks compare real paths.
func localRoot(dir string) (string, error) {
	info, err := os.Stat(dir)
	switch {
	case errors.Is(err, fs.ErrNotExist):
		return "", fmt.Errorf("local model folder %s does not exist", dir)
	case err != nil:
		return "", fmt.Errorf("local model folder %s: %w", dir, err)
	case !info.IsDir():
		return "", fmt.Errorf("%s is a file, not a model folder: pass the folder that holds it", dir)
	}
	abs, err := filepath.Abs(dir)
	if err != nil {
		return "", fmt.Errorf("local model folder %s: %w", dir, err)
	}
	return filepath.EvalSymlinks(abs)
}

// loadLocalConfigs reads the files needs asks for into m.Configs.
func loadLocalConfigs(m *facts.Model, snap *snapshot, needs func(*facts.Model) []string) error {
	paths := wantedPaths(m, needs)
	if len(paths) == 0 {
		return nil
	}
	m.Configs = make(map[string][]byte, len(paths))
	for _, p := range paths {
		b, err := snap.read(p)
		if err != nil {
			return err
		}
		m.Configs[p] = b
	}
	return nil
}
