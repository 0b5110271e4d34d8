package hf

import (
	"context"
	"errors"
	"fmt"

	"github.com/cogport/cogport/facts"
)

// cardPath is where a repository keeps its model card.
const cardPath = "README.md"

// File reads one file of repository id at commit sha through
// {endpoint}/{id}/resolve/{sha}/{path}. Redirects are followed, including
// absolute ones to a CDN, but the token goes to the Hub host only. Files are
// capped at DefaultMaxFileBytes: this is for cards and configs, not weights.
func (c *Client) File(ctx context.Context, id, sha, path string) ([]byte, error) {
	if err := ValidateRepoID(id); err != nil {
		return nil, err
	}
	if sha == "" {
		return nil, fmt.Errorf("reading %q from %s: no commit to pin the read to", path, id)
	}
	if err := validateRevision(sha); err != nil {
		return nil, fmt.Errorf("model %s: %w", id, err)
	}
	if err := validateRepoPath(path); err != nil {
		return nil, fmt.Errorf("model %s: %w", id, err)
	}
	t := target{kind: kindFile, repo: id, revision: sha, path: path, endpoint: c.endpoint, withTok: c.token != ""}
	u := fmt.Sprintf("%s/%s/resolve/%s/%s", c.endpoint, id, escapeRevision(sha), escapePath(path))
	return c.get(ctx, t, u, c.maxFile)
}

// Load reads a model's info, then its card (README.md, when listed), then
// each file that needs(m) asks for and the repository holds, all at the
// commit the info reported. Files that are not listed, or that vanish
// between the listing and the read, are skipped. A card whose front matter
// is broken is kept without Meta and reported on Progress, not as an error:
// the user cannot fix someone else's card. needs may be nil.
func (c *Client) Load(ctx context.Context, id, revision string, needs func(*facts.Model) []string) (*facts.Model, error) {
	c.progressf("fetching model info for %s", id)
	m, err := c.ModelInfo(ctx, id, revision)
	if err != nil {
		return nil, err
	}
	if m.SHA == "" {
		t := target{repo: m.ID, endpoint: c.endpoint}
		return nil, badResponse(t, "model info has no commit sha to pin files to", nil)
	}
	var card []byte
	if m.HasFile(cardPath) {
		c.progressf("fetching model card for %s", m.ID)
		if card, err = c.optionalFile(ctx, m, cardPath); err != nil {
			return nil, err
		}
		if card != nil {
			m.Card = c.parseCardLenient(m.ID, card)
		}
	}
	return m, c.loadConfigs(ctx, m, card, needs)
}

// loadConfigs fetches the files needs asks for into m.Configs; the card,
// already read, is not fetched twice. What a recipe needs may only show
// once config.json is read (Classify picks the recipe from its
// architectures when the model info carries no config), so needs is asked
// again after the first files and what it adds is fetched too.
func (c *Client) loadConfigs(ctx context.Context, m *facts.Model, card []byte, needs func(*facts.Model) []string) error {
	tried := map[string]bool{}
	for round := 0; round < 2; round++ {
		var paths []string
		for _, p := range wantedPaths(m, needs) {
			if !tried[p] {
				tried[p] = true
				paths = append(paths, p)
			}
		}
		if len(paths) == 0 {
			return nil
		}
		c.progressf("fetching %d config %s", len(paths), plural(len(paths), "file", "files"))
		if m.Configs == nil {
			m.Configs = make(map[string][]byte, len(paths))
		}
		for _, p := range paths {
			if p == cardPath && card != nil {
				m.Configs[p] = card
				continue
			}
			b, err := c.optionalFile(ctx, m, p)
			if err != nil {
				return err
			}
			if b != nil {
				m.Configs[p] = b
			}
		}
	}
	return nil
}

// optionalFile reads path at m.SHA; a missing file is (nil, nil).
func (c *Client) optionalFile(ctx context.Context, m *facts.Model, path string) ([]byte, error) {
	b, err := c.File(ctx, m.ID, m.SHA, path)
	if errors.Is(err, ErrEntryNotFound) {
		return nil, nil
	}
	return b, err
}

// parseCardLenient parses a card, keeping what parsed when the front matter
// is broken and saying so on Progress.
func (c *Client) parseCardLenient(id string, b []byte) facts.Card {
	card, err := ParseCard(b)
	if err != nil {
		c.progressf("warning: model card of %s: %v", id, err)
	}
	return card
}

// wantedPaths is needs(m) without duplicates or paths the repository does
// not hold.
func wantedPaths(m *facts.Model, needs func(*facts.Model) []string) []string {
	if needs == nil {
		return nil
	}
	seen := map[string]bool{}
	var out []string
	for _, p := range needs(m) {
		if seen[p] || !m.HasFile(p) {
			continue
		}
		seen[p] = true
		out = append(out, p)
	}
	return out
}

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
