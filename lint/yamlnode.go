package lint

import (
	"regexp"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// mapGet returns the key and value nodes of key in mapping m.
func mapGet(m *yaml.Node, key string) (k, v *yaml.Node) {
	if m == nil || m.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		if m.Content[i].Value == key {
			return m.Content[i], m.Content[i+1]
		}
	}
	return nil, nil
}

// lookup follows a path of mapping keys and returns the value node.
func lookup(n *yaml.Node, path ...string) *yaml.Node {
	for _, key := range path {
		_, n = mapGet(n, key)
	}
	return n
}

// pairs calls f for every key/value of a mapping, in file order.
func pairs(m *yaml.Node, f func(k, v *yaml.Node)) {
	if m == nil || m.Kind != yaml.MappingNode {
		return
	}
	for i := 0; i+1 < len(m.Content); i += 2 {
		f(m.Content[i], m.Content[i+1])
	}
}

// lineOf returns the line of the deepest key of a dotted path that exists
// ("build.python_version" → its key's line, else build's), 0 when none.
func lineOf(root *yaml.Node, dotted string) int {
	line := 0
	n := root
	for _, key := range strings.Split(dotted, ".") {
		k, v := mapGet(n, key)
		if k == nil {
			break
		}
		line, n = k.Line, v
	}
	return line
}

var yamlErrLine = regexp.MustCompile(`line (\d+)`)

// errLine extracts the line yaml.v3 reports in a syntax error.
func errLine(err error) int {
	if m := yamlErrLine.FindStringSubmatch(err.Error()); m != nil {
		n, _ := strconv.Atoi(m[1])
		return n
	}
	return 0
}

// isQuoted reports whether a scalar was written in quotes.
func isQuoted(n *yaml.Node) bool {
	return n.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0
}

// truthy reports whether a scalar is YAML true.
func truthy(n *yaml.Node) bool {
	if n == nil || n.Kind != yaml.ScalarNode {
		return false
	}
	var b bool
	return n.Decode(&b) == nil && b
}
