package github

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/sources/github/pysrc"
	"github.com/cogport/cogport/sources/github/readme"
)

// hubCalls are the callables whose first argument (or repo keyword) names
// a Hugging Face repository.
var hubCalls = []struct {
	suffix, via, repoKey, fileKey string
	repoPos, filePos              int
}{
	{".from_pretrained", "from_pretrained", "pretrained_model_name_or_path", "", 0, -1},
	{"from_pretrained", "from_pretrained", "pretrained_model_name_or_path", "", 0, -1},
	{"hf_hub_download", "hf_hub_download", "repo_id", "filename", 0, 1},
	{"snapshot_download", "snapshot_download", "repo_id", "", 0, -1},
	{"pipeline", "pipeline", "model", "", 1, -1},
	{".from_single_file", "from_single_file", "pretrained_model_link_or_path", "", 0, -1},
}

// downloadCalls fetch their URL argument: any URL they get is a weight.
var downloadCalls = []string{"load_state_dict_from_url", "download_url_to_file", "urlretrieve",
	"wget.download", "gdown.download", "load_file_from_url", "download_url", "cached_download"}

// codeScan collects facts from Python code (files, README snippets,
// notebook cells).
type codeScan struct {
	snap      *Snapshot
	links     *linkSet
	imports   map[string]string // top-level module → first file:line
	ffmpeg    string            // where code runs ffmpeg
	predictor []string
	commands  []readme.Command // notebook shell escapes
	cmdFrom   []string
	// localImports maps a file to the repository files it imports.
	localImports map[string][]string
}

// scan reads one parsed Python source.
func (c *codeScan) scan(name string, f *pysrc.File, lineOffset int) {
	at := func(line int) string { return fmt.Sprintf("%s:%d", name, line+lineOffset) }
	for _, im := range f.Imports() {
		if strings.HasPrefix(im.Module, ".") {
			continue
		}
		top := strings.SplitN(im.Module, ".", 2)[0]
		if _, ok := c.imports[top]; !ok {
			c.imports[top] = at(im.Line)
		}
	}
	consts := f.Assignments()
	c.hubRefs(f, consts, at)
	c.downloads(f, consts, at)
	for _, t := range f.Toks {
		if t.Kind != pysrc.String {
			continue
		}
		for _, u := range readme.URLRE.FindAllString(t.Value, -1) {
			c.links.addURL(strings.TrimRight(u, ".,;:"), at(t.Line), "", false)
		}
		if c.ffmpeg == "" && (t.Value == "ffmpeg" || strings.HasPrefix(t.Value, "ffmpeg ")) {
			c.ffmpeg = at(t.Line)
		}
	}
}

// hubRefs records from_pretrained("org/model") and friends.
func (c *codeScan) hubRefs(f *pysrc.File, consts map[string]pysrc.Expr, at func(int) string) {
	calls := f.Calls(func(n string) bool {
		for _, h := range hubCalls {
			if n == h.suffix || strings.HasSuffix(n, "."+strings.TrimPrefix(h.suffix, ".")) {
				return true
			}
		}
		return false
	})
	for _, cs := range calls {
		for _, h := range hubCalls {
			if cs.Call.Name != h.suffix && !strings.HasSuffix(cs.Call.Name, "."+strings.TrimPrefix(h.suffix, ".")) {
				continue
			}
			repo := stringArg(cs.Call, h.repoPos, h.repoKey, consts)
			if !isRepoID(repo, c.snap) {
				break
			}
			ref := facts.RepoHubRef{Repo: repo, Kind: "model", Via: h.via, From: at(cs.Line),
				Revision: stringArg(cs.Call, -1, "revision", consts)}
			if h.fileKey != "" {
				ref.Filename = stringArg(cs.Call, h.filePos, h.fileKey, consts)
			}
			if rt := stringArg(cs.Call, -1, "repo_type", consts); rt == "dataset" || rt == "space" {
				ref.Kind = rt
			}
			c.links.addRef(ref)
			break
		}
	}
}

// downloads records URLs passed to download helpers.
func (c *codeScan) downloads(f *pysrc.File, consts map[string]pysrc.Expr, at func(int) string) {
	calls := f.Calls(func(n string) bool {
		for _, d := range downloadCalls {
			if n == d || strings.HasSuffix(n, "."+d) {
				return true
			}
		}
		return false
	})
	for _, cs := range calls {
		u := stringArg(cs.Call, 0, "url", consts)
		if strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://") {
			c.links.addURL(u, at(cs.Line), "", true)
		}
	}
}

// stringArg returns a call's string argument by keyword or position,
// resolving module constants; "" when it is not a literal.
func stringArg(call pysrc.Expr, pos int, key string, consts map[string]pysrc.Expr) string {
	e, ok := call.Keyword(key)
	if !ok && pos >= 0 {
		if ps := call.Positional(); pos < len(ps) {
			e, ok = ps[pos], true
		}
	}
	if !ok {
		return ""
	}
	if e.Kind == pysrc.Ident {
		if v, found := consts[e.Name]; found {
			e = v
		}
	}
	if e.Kind != pysrc.Str {
		return ""
	}
	return strings.TrimSpace(e.Str)
}

// hasPredictor finds "class X(BasePredictor)" (or BaseRunner) in a file
// that imports cog: other libraries have their own BaseRunner.
func hasPredictor(f *pysrc.File) bool {
	importsCog := false
	for _, im := range f.Imports() {
		importsCog = importsCog || im.Module == "cog" || strings.HasPrefix(im.Module, "cog.")
	}
	if !importsCog {
		return false
	}
	t := f.Toks
	for i := 0; i+3 < len(t); i++ {
		if t[i].Kind != pysrc.Name || t[i].Text != "class" || t[i+2].Text != "(" {
			continue
		}
		for j := i + 3; j < len(t) && t[j].Text != ")" && t[j].Kind != pysrc.Newline; j++ {
			if t[j].Text == "BasePredictor" || t[j].Text == "BaseRunner" {
				return true
			}
		}
	}
	return false
}

// notebook reads a Jupyter notebook's code cells: Python for the scan,
// "!" and "%" lines as shell commands.
func (c *codeScan) notebook(name string, data []byte) error {
	var nb struct {
		Cells []struct {
			CellType string          `json:"cell_type"`
			Source   json.RawMessage `json:"source"`
		} `json:"cells"`
	}
	if err := json.Unmarshal(data, &nb); err != nil {
		return err
	}
	for i, cell := range nb.Cells {
		if cell.CellType != "code" {
			continue
		}
		src := cellSource(cell.Source)
		var py, sh strings.Builder
		for _, ln := range strings.Split(src, "\n") {
			t := strings.TrimSpace(ln)
			if strings.HasPrefix(t, "!") || strings.HasPrefix(t, "%") && !strings.HasPrefix(t, "%%") {
				sh.WriteString(strings.TrimLeft(t, "!%") + "\n")
				py.WriteString("\n")
				continue
			}
			py.WriteString(ln + "\n")
		}
		cellName := fmt.Sprintf("%s[cell %d]", name, i+1)
		c.scan(cellName, pysrc.Parse([]byte(py.String())), 0)
		for _, cmd := range readme.Commands(sh.String(), 1) {
			c.commands = append(c.commands, cmd)
			c.cmdFrom = append(c.cmdFrom, cellName)
		}
	}
	return nil
}

// cellSource accepts a notebook cell's source as a string or a list of lines.
func cellSource(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var lines []string
	_ = json.Unmarshal(raw, &lines)
	return strings.Join(lines, "")
}
