package hf

import (
	"bytes"
	"fmt"
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/cogport/cogport/facts"
)

// frontMatter is huggingface_hub repocard.py's front matter, in Go: leading
// blank lines allowed, any line break, lazy body, a closing "---" followed by
// spaces or tabs and a line break or the end. DESIGN §4.2's pattern, with a
// lone CR also accepted after the closing fence so old-Mac cards parse.
var frontMatter = regexp.MustCompile(`(?s)\A\s*---(\r\n|\r|\n)(.*?)(\r\n|\r|\n)---[ \t]*(\r\n|\r|\n|\z)`)

// yamlLine finds the line number in a yaml.v3 error.
var yamlLine = regexp.MustCompile(`line (\d+)`)

// ParseCard parses a model card: YAML front matter into Meta, then the
// Markdown body (line breaks normalised to \n) into code blocks, title,
// summary, and the settings and prompts of its Python examples. When the
// front matter is not YAML it returns the error together with a card parsed
// without Meta, so callers may degrade instead of failing.
func ParseCard(b []byte) (facts.Card, error) {
	var card facts.Card
	body := b
	var metaErr error
	if loc := frontMatter.FindSubmatchIndex(b); loc != nil {
		firstLine := 1 + countLines(b[:loc[4]])
		card.Meta, metaErr = parseMeta(b[loc[4]:loc[5]], firstLine)
		body = b[loc[1]:]
	}
	card.Body = normalizeNewlines(string(body))
	parseBody(&card)
	return card, metaErr
}

// parseMeta decodes front matter YAML; it must be a mapping (or empty).
// Like huggingface_hub's yaml.safe_load, a repeated key keeps its last value
// instead of failing, so the YAML is read as a node tree first.
func parseMeta(src []byte, firstLine int) (map[string]any, error) {
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, yamlError(err, firstLine)
	}
	v, err := nodeValue(&doc, 0)
	if err != nil {
		return nil, yamlError(err, firstLine)
	}
	switch m := v.(type) {
	case nil:
		return map[string]any{}, nil
	case map[string]any:
		return m, nil
	}
	return nil, fmt.Errorf("model card front matter (line %d) is not a yaml mapping of keys to values", firstLine)
}

// maxYAMLDepth bounds nesting (and alias expansion) in front matter.
const maxYAMLDepth = 64

// nodeValue converts a YAML node to plain Go values: maps keyed by the
// keys' text (last duplicate wins), slices, and decoded scalars.
func nodeValue(n *yaml.Node, depth int) (any, error) {
	if depth > maxYAMLDepth {
		return nil, fmt.Errorf("line %d: nested too deeply", n.Line)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			return nil, nil
		}
		return nodeValue(n.Content[0], depth+1)
	case yaml.AliasNode:
		return nodeValue(n.Alias, depth+1)
	case yaml.SequenceNode:
		out := make([]any, 0, len(n.Content))
		for _, c := range n.Content {
			v, err := nodeValue(c, depth+1)
			if err != nil {
				return nil, err
			}
			out = append(out, v)
		}
		return out, nil
	case yaml.MappingNode:
		out := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			v, err := nodeValue(n.Content[i+1], depth+1)
			if err != nil {
				return nil, err
			}
			out[n.Content[i].Value] = v
		}
		return out, nil
	}
	var v any
	if err := n.Decode(&v); err != nil {
		return nil, fmt.Errorf("line %d: %w", n.Line, err)
	}
	return v, nil
}

// yamlError rewrites a yaml.v3 error so its line counts from the top of the
// card, not of the front matter.
func yamlError(err error, firstLine int) error {
	msg := strings.TrimPrefix(err.Error(), "yaml: ")
	msg = strings.ReplaceAll(msg, "\n", " ")
	line := firstLine
	if sm := yamlLine.FindStringSubmatchIndex(msg); sm != nil {
		n, _ := strconv.Atoi(msg[sm[2]:sm[3]])
		line = firstLine + n - 1
		msg = strings.TrimPrefix(msg[:sm[0]]+msg[sm[1]:], ": ")
	}
	return fmt.Errorf("model card front matter is not valid yaml (line %d of the card): %s", line, strings.TrimSpace(msg))
}

// countLines counts line breaks, a CRLF counting once.
func countLines(b []byte) int {
	return bytes.Count(b, []byte("\n")) + bytes.Count(b, []byte("\r")) - bytes.Count(b, []byte("\r\n"))
}

func normalizeNewlines(s string) string {
	if !strings.Contains(s, "\r") {
		return s
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.ReplaceAll(s, "\r", "\n")
}
