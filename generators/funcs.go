package generators

import (
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"text/template"

	"github.com/Masterminds/sprig/v3"

	"github.com/cogport/cogport/generators/pyfmt"
	"github.com/cogport/cogport/plan"
)

// Funcs are the functions every template may call, on top of sprig's.
func Funcs() template.FuncMap {
	f := sprig.TxtFuncMap()
	ours := template.FuncMap{
		"pystr":            pyfmt.Str,
		"py":               pyfmt.Lit,
		"assign":           pyfmt.Assign,
		"call":             callT,
		"collection":       collectionT,
		"chain":            chainT,
		"locals":           localArgs,
		"yaml":             YAMLString,
		"yamlValue":        yamlValue,
		"sh":               ShellQuote,
		"comment":          Comment,
		"bytes":            HumanBytes,
		"patterns":         patterns,
		"signature":        signature,
		"inputParams":      inputParams,
		"cogImports":       cogImports,
		"typingImports":    typingImports,
		"hasInput":         hasInput,
		"torch":            torchVersion,
		"pyInput":          pyInputLiteral,
		"md":               md,
		"link":             link,
		"defaultCell":      defaultCell,
		"boundsCell":       boundsCell,
		"exampleCommand":   exampleCommand,
		"cliValue":         cliValue,
		"placeholderModel": placeholderModel,
		"fuzzDisabled":     fuzzDisabled,
		"ruffVersion":      func() string { return RuffVersion },
		"safePushCommit":   func() string { return CogSafePushCommit },
		"weightsManifest":  weightsManifest,
		"runAPI":           runAPI,
		"entryFile":        entryFile,
		"minCog":           minCog,
		"trainSignature":   trainSignature,
		"isAsync":          isAsync,
		"training":         training,
		"concurrency":      concurrency,
	}
	for k, v := range ours {
		f[k] = v
	}
	return f
}

// YAMLString quotes s as a YAML double-quoted scalar. Every character
// outside YAML's printable set (C0 and C1 controls, DEL, non-characters) and
// every quote and backslash is escaped, and invalid UTF-8 becomes U+FFFD, so
// no input can end the scalar early or make the document invalid.
func YAMLString(s string) string {
	var b strings.Builder
	b.WriteByte('"')
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '"' || r == '\\':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\t':
			b.WriteString(`\t`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x20 || r == 0x7f || r >= 0x80 && r <= 0x9f || r == 0x2028 || r == 0x2029 || r == 0xfeff || r == 0xfffe || r == 0xffff:
			fmt.Fprintf(&b, `\u%04x`, r)
		default:
			b.WriteRune(r)
		}
	}
	b.WriteByte('"')
	return b.String()
}

// yamlValue renders a plain value (string, number, bool, list) as YAML flow.
func yamlValue(v any) (string, error) {
	switch x := v.(type) {
	case string:
		return YAMLString(x), nil
	case []any:
		parts := make([]string, len(x))
		for i, item := range x {
			s, err := yamlValue(item)
			if err != nil {
				return "", err
			}
			parts[i] = s
		}
		return "[" + strings.Join(parts, ", ") + "]", nil
	case float64:
		return pyfmt.Float(x)
	case nil:
		return "null", nil
	case bool, int, int64:
		return fmt.Sprint(x), nil
	}
	return "", fmt.Errorf("no yaml value for %T", v)
}

// ShellQuote quotes s for POSIX shells: single quotes, with each single
// quote closed, escaped and reopened. NUL cannot be part of a shell word,
// so it is dropped.
func ShellQuote(s string) string {
	s = strings.ReplaceAll(s, "\x00", "")
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

var unsafeComment = regexp.MustCompile(`[^A-Za-z0-9 ._/@:+=,()-]`)

// Comment makes s safe to embed in a comment or docstring of any generated
// file: one line, no quotes, backslashes or control characters.
func Comment(s string) string {
	s = unsafeComment.ReplaceAllString(s, "_")
	if len(s) > 120 {
		s = s[:120]
	}
	return s
}

// HumanBytes prints n with a binary unit ("2.1 GB" style, decimal units as
// the Hub shows them).
func HumanBytes(n int64) string {
	const unit = 1000
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %cB", float64(n)/float64(div), "kMGTPE"[exp])
}

// patterns turns file paths into literal fnmatch patterns for
// snapshot_download's allow_patterns: brackets, * and ? are escaped.
func patterns(files []plan.WeightFile) []string {
	out := make([]string, len(files))
	for i, f := range files {
		var b strings.Builder
		for _, r := range f.Path {
			switch r {
			case '*', '?', '[':
				b.WriteString("[" + string(r) + "]")
			default:
				b.WriteRune(r)
			}
		}
		out[i] = pyfmt.Str(b.String())
	}
	return out
}

func hasInput(p *plan.Plan, name string) bool {
	_, ok := p.InputNamed(name)
	return ok
}

func torchVersion(p *plan.Plan) string {
	for _, r := range p.Requirements {
		if r.Name == "torch" {
			return r.Version
		}
	}
	return ""
}

// manifestFile is one entry of weights.json.
type manifestFile struct {
	Path   string `json:"path"`
	Size   int64  `json:"size"`
	SHA256 string `json:"sha256,omitempty"`
	URL    string `json:"url,omitempty"`
	// Archive marks a .tar to extract where the file belongs (ComfyUI plans).
	Archive bool `json:"archive,omitempty"`
}

// weightsManifest renders weights.json: the data weights.py works from.
func weightsManifest(p *plan.Plan) (string, error) {
	m := struct {
		Repo     string         `json:"repo,omitempty"`
		Revision string         `json:"revision,omitempty"`
		Strategy string         `json:"strategy"`
		Total    int64          `json:"total_bytes"`
		Files    []manifestFile `json:"files"`
	}{Repo: p.Weights.Repo, Revision: p.Weights.Revision, Strategy: p.Weights.Strategy, Total: p.Weights.TotalBytes}
	for _, f := range p.Weights.Files {
		mf := manifestFile{Path: f.Path, Size: f.Size, SHA256: f.SHA256, Archive: f.Archive}
		if p.Weights.Strategy == "pget" {
			mf.URL = f.URL
		}
		m.Files = append(m.Files, mf)
	}
	var b strings.Builder
	enc := json.NewEncoder(&b)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil {
		return "", err
	}
	return strings.TrimSuffix(b.String(), "\n"), nil
}

// The template forms of pyfmt's formatters take lists as any: a template
// builds []any with sprig's list, a recipe []string, a plan read back from
// JSON []any.
func callT(indent int, head string, args any, tail string) (string, error) {
	a, err := toStrings(args)
	return pyfmt.Call(indent, head, a, tail), err
}

func collectionT(indent int, head, open string, items any, close string) (string, error) {
	a, err := toStrings(items)
	return pyfmt.Collection(indent, head, open, a, close), err
}

func chainT(indent int, head string, args any, method string, margs any, tail string) (string, error) {
	a, err := toStrings(args)
	if err != nil {
		return "", err
	}
	m, err := toStrings(margs)
	return pyfmt.Chain(indent, head, a, method, m, tail), err
}

// localArgs rewrites call arguments that read an attribute of self
// (`dtype=self.dtype`) to read the local variable of that name
// (`dtype=dtype`): recipes write a load call's arguments once, for the
// predictor's methods, and train.py makes the same call in a function.
func localArgs(args any) ([]string, error) {
	a, err := toStrings(args)
	if err != nil {
		return nil, err
	}
	out := make([]string, len(a))
	for i, arg := range a {
		out[i] = strings.ReplaceAll(arg, "=self.", "=")
	}
	return out, nil
}

func toStrings(v any) ([]string, error) {
	switch x := v.(type) {
	case []string:
		return x, nil
	case []any:
		out := make([]string, len(x))
		for i, item := range x {
			s, ok := item.(string)
			if !ok {
				return nil, fmt.Errorf("list item %v is not a string", item)
			}
			out[i] = s
		}
		return out, nil
	case nil:
		return nil, nil
	}
	return nil, fmt.Errorf("%T is not a list of strings", v)
}
