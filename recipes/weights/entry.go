package weights

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/cogport/cogport/facts"
)

// entry is one repository file and what Select decided about it.
type entry struct {
	facts.File
	dirs []string // folder segments, empty at the root
	base string
	// fw is the framework that reads the file ("" for plain files); chosen
	// says the requested format loads it.
	fw     string
	chosen bool
	// weight says the file holds tensors; index says it is a weight index
	// (model.safetensors.index.json).
	weight, index bool
	// byRule says a general rule (metadata, docs, media, training) skipped
	// it, as opposed to a framework or layout decision.
	byRule bool
	// name is the parsed weight or index name.
	name weightName
	// reason is why the file is skipped; "" while it is kept.
	reason string
	// comp is the component folder of a kept file ("" is the root).
	comp string
}

func (e *entry) dir() string { return strings.Join(e.dirs, "/") }

func (e *entry) top() string {
	if len(e.dirs) == 0 {
		return ""
	}
	return e.dirs[0]
}

// prepare validates, sorts and classifies the repository files.
func prepare(files []facts.File, o Options) ([]*entry, error) {
	rs := newRuleSet()
	chosen := formatFrameworks[o.Format]
	seen := make(map[string]bool, len(files))
	entries := make([]*entry, 0, len(files))
	for _, f := range files {
		if err := checkPath(f.Path); err != nil {
			return nil, err
		}
		if seen[f.Path] {
			return nil, fmt.Errorf("%w %q: listed twice", ErrBadPath, f.Path)
		}
		seen[f.Path] = true
		segs := strings.Split(f.Path, "/")
		e := &entry{File: f, dirs: segs[:len(segs)-1], base: segs[len(segs)-1]}
		e.fw = rs.framework(e.dirs, e.base)
		e.chosen = e.fw != "" && slices.Contains(chosen, e.fw)
		e.weight = e.fw != "" && isWeightName(e.base)
		e.index = e.fw != "" && !e.weight && strings.HasSuffix(e.base, ".json") && strings.Contains(e.base, ".index")
		e.name = parseWeightName(e.base)
		if e.reason = rs.skipReason(e.dirs, e.base); e.reason != "" {
			e.byRule = true
		} else if e.fw != "" && !e.chosen {
			e.reason = otherFormat(e.fw, o.Format)
		}
		entries = append(entries, e)
	}
	slices.SortFunc(entries, func(a, b *entry) int { return strings.Compare(a.Path, b.Path) })
	return entries, nil
}

// otherFormat is the reason for a file in a framework the package does not load.
func otherFormat(fw, format string) string {
	if format != FormatSafetensors && slices.Contains(formatFrameworks[FormatSafetensors], fw) {
		return fmt.Sprintf("other format: %s (%s chosen)", fw, format)
	}
	return "other framework: " + fw
}

// checkPath rejects paths that could write outside the download folder or
// that no Hub repository can hold.
func checkPath(p string) error {
	switch {
	case p == "":
		return fmt.Errorf("%w: empty path", ErrBadPath)
	case strings.ContainsRune(p, 0):
		return fmt.Errorf("%w %q: contains NUL", ErrBadPath, p)
	case strings.Contains(p, `\`):
		return fmt.Errorf("%w %q: contains a backslash", ErrBadPath, p)
	case strings.HasPrefix(p, "/"):
		return fmt.Errorf("%w %q: absolute", ErrBadPath, p)
	}
	for _, seg := range strings.Split(p, "/") {
		switch seg {
		case "..":
			return fmt.Errorf("%w %q: contains a .. segment", ErrBadPath, p)
		case ".", "":
			return fmt.Errorf("%w %q: empty or . segment", ErrBadPath, p)
		}
	}
	return nil
}

// weightName is a weight file name taken apart the way transformers and
// diffusers build it: stem[.variant][-00001-of-00002].ext, and indexes
// stem.ext.index[.variant].json.
type weightName struct {
	stem, variant, ext string
	sharded            bool
}

var (
	shardSuffix  = regexp.MustCompile(`-\d+-of-\d+$`)
	variantToken = regexp.MustCompile(`^[A-Za-z][A-Za-z0-9_]*$`)
	indexName    = regexp.MustCompile(`^(.+)\.([A-Za-z0-9_]+)\.index(?:\.([A-Za-z][A-Za-z0-9_]*))?\.json$`)
)

func parseWeightName(base string) weightName {
	if m := indexName.FindStringSubmatch(base); m != nil {
		return weightName{stem: m[1], ext: m[2], variant: m[3]}
	}
	i := strings.LastIndexByte(base, '.')
	if i <= 0 {
		return weightName{stem: base}
	}
	n := weightName{stem: base[:i], ext: base[i+1:]}
	if loc := shardSuffix.FindStringIndex(n.stem); loc != nil {
		n.stem, n.sharded = n.stem[:loc[0]], true
	}
	// A variant is a trailing dotted token that starts with a letter, so
	// sd_xl_base_1.0 and consolidated.00 have none.
	if j := strings.LastIndexByte(n.stem, '.'); j > 0 && variantToken.MatchString(n.stem[j+1:]) {
		n.stem, n.variant = n.stem[:j], n.stem[j+1:]
	}
	return n
}
