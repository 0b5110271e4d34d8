// Package readme reads a repository's README (Markdown, through the
// gomarkdown AST) and shell text: code blocks, shell commands, links, the
// title and summary. Helpers interpret commands: python invocations,
// downloads, apt and pip installs, Hugging Face CLI downloads.
package readme

import (
	"bytes"
	"regexp"
	"strings"

	"github.com/gomarkdown/markdown/ast"
	"github.com/gomarkdown/markdown/parser"

	"github.com/cogport/cogport/facts"
)

// Doc is a parsed README.
type Doc struct {
	Readme facts.RepoReadme
	// Commands are the shell commands of code blocks and inline code spans.
	Commands []Command
	// Links are the URLs of links, autolinks, HTML and code, in order.
	Links []Link
	// Snippets are the code blocks, with their first line, for code scanning.
	Snippets []Snippet
}

// Link is a URL found in the README.
type Link struct {
	URL  string
	Line int
	// InCode is true for URLs inside code blocks or spans.
	InCode bool
}

// Snippet is one code block.
type Snippet struct {
	Lang string
	Code string
	Line int
}

// URLRE finds http(s) URLs in free text.
var URLRE = regexp.MustCompile(`https?://[^\s"'<>()\[\]{}` + "`" + `\\]+`)

// extensions: GitHub-like Markdown without MathJax ("$ python" is a prompt)
// and with fences that may follow a paragraph directly.
const extensions = parser.NoIntraEmphasis | parser.Tables | parser.FencedCode | parser.Autolink |
	parser.Strikethrough | parser.SpaceHeadings | parser.NoEmptyLineBeforeBlock

// Parse reads a README at path p.
func Parse(p string, data []byte) *Doc {
	data = bytes.ReplaceAll(data, []byte("\r\n"), []byte("\n"))
	w := &walker{doc: &Doc{Readme: facts.RepoReadme{Path: p}}, src: data}
	root := parser.NewWithExtensions(extensions).Parse(data)
	ast.WalkFunc(root, w.visit)
	w.htmlTitle()
	w.doc.Links = dedupeLinks(w.doc.Links)
	for _, c := range w.doc.Commands {
		for _, p := range AptInstall(c) {
			if !contains(w.doc.Readme.AptPackages, p) {
				w.doc.Readme.AptPackages = append(w.doc.Readme.AptPackages, p)
			}
		}
	}
	return w.doc
}

type walker struct {
	doc     *Doc
	src     []byte
	section string
	cursor  int // byte offset up to which nodes were located
}

func (w *walker) visit(n ast.Node, entering bool) ast.WalkStatus {
	if !entering {
		return ast.GoToNext
	}
	switch n := n.(type) {
	case *ast.Heading:
		w.section = strings.Join(strings.Fields(plainText(n)), " ")
		if w.doc.Readme.Title == "" && w.section != "" && !navLike(w.section) {
			w.doc.Readme.Title = w.section
		}
		return ast.SkipChildren
	case *ast.Paragraph:
		w.summary(n)
	case *ast.CodeBlock:
		w.codeBlock(n)
	case *ast.Code:
		w.inlineCode(n)
	case *ast.Link:
		w.link(string(n.Destination), false)
	case *ast.Image:
		return ast.SkipChildren // badges and figures
	case *ast.HTMLBlock:
		w.html(n.Literal)
	case *ast.HTMLSpan:
		w.html(n.Literal)
	case *ast.Text:
		for _, u := range URLRE.FindAllString(string(n.Literal), -1) {
			w.link(u, false)
		}
	}
	return ast.GoToNext
}

// locate returns the 1-based line of needle, searching forward from the
// last located node so that repeated text maps to successive places.
func (w *walker) locate(needle []byte) int {
	if len(needle) == 0 {
		return lineAt(w.src, w.cursor)
	}
	if i := bytes.Index(w.src[w.cursor:], needle); i >= 0 {
		w.cursor += i
		return lineAt(w.src, w.cursor)
	}
	if i := bytes.Index(w.src, needle); i >= 0 {
		return lineAt(w.src, i)
	}
	return lineAt(w.src, w.cursor)
}

func lineAt(src []byte, off int) int {
	return bytes.Count(src[:min(off, len(src))], []byte("\n")) + 1
}

func (w *walker) codeBlock(n *ast.CodeBlock) {
	code := string(n.Literal)
	first, _, _ := strings.Cut(code, "\n")
	line := w.locate([]byte(first))
	lang := ""
	if f := strings.Fields(string(n.Info)); len(f) > 0 {
		lang = strings.Trim(strings.ToLower(f[0]), "{}.")
	}
	w.doc.Readme.Code = append(w.doc.Readme.Code, facts.CodeBlock{Lang: lang, Code: code})
	w.doc.Snippets = append(w.doc.Snippets, Snippet{Lang: lang, Code: code, Line: line})
	if !isPythonLang(lang) {
		for _, c := range Commands(code, line) {
			c.Section = w.section
			w.doc.Commands = append(w.doc.Commands, c)
		}
	}
	for _, u := range URLRE.FindAllString(code, -1) {
		w.doc.Links = append(w.doc.Links, Link{URL: trimURL(u), Line: line + strings.Count(code[:strings.Index(code, u)], "\n"), InCode: true})
	}
}

func isPythonLang(lang string) bool {
	switch lang {
	case "python", "py", "python3", "ipython", "ipython3", "pycon", "jupyter":
		return true
	}
	return false
}

// inlineCode reads `python demo.py --x` spans as commands.
func (w *walker) inlineCode(n *ast.Code) {
	text := string(n.Literal)
	line := w.locate(n.Literal)
	for _, c := range Commands(text, line) {
		if _, _, _, ok := Usage(c); ok {
			c.Section = w.section
			w.doc.Commands = append(w.doc.Commands, c)
		} else if _, _, ok := Download(c); ok {
			c.Section = w.section
			w.doc.Commands = append(w.doc.Commands, c)
		}
	}
	for _, u := range URLRE.FindAllString(text, -1) {
		w.doc.Links = append(w.doc.Links, Link{URL: trimURL(u), Line: line, InCode: true})
	}
}

func (w *walker) link(dest string, inCode bool) {
	if !strings.HasPrefix(dest, "http://") && !strings.HasPrefix(dest, "https://") {
		return
	}
	line := w.locate([]byte(dest))
	w.doc.Links = append(w.doc.Links, Link{URL: trimURL(dest), Line: line, InCode: inCode})
}

var (
	hrefRE     = regexp.MustCompile(`(?i)\bhref\s*=\s*["']([^"']+)["']`)
	htmlHeadRE = regexp.MustCompile(`(?is)<h[1-3][^>]*>(.*?)</h[1-3]>`)
	mdHeadRE   = regexp.MustCompile(`(?m)^\s{0,3}#{1,6}\s+(.+)$`)
	mdImageRE  = regexp.MustCompile(`!\[[^\]]*\]\([^)]*\)`)
	mdLinkRE   = regexp.MustCompile(`\[([^\]]*)\]\([^)]*\)`)
	htmlTagRE  = regexp.MustCompile(`<[^>]*>`)
	htmlEntRE  = regexp.MustCompile(`&[a-z]+;`)
	htmlCommRE = regexp.MustCompile(`(?s)<!--.*?-->`)
)

// html reads links and headings out of an HTML block: READMEs often wrap
// their title in <div align="center">, which hides Markdown headings from
// the parser.
func (w *walker) html(b []byte) {
	for _, m := range hrefRE.FindAllSubmatch(b, -1) {
		w.link(string(m[1]), false)
	}
	src := htmlCommRE.ReplaceAll(b, nil)
	for _, re := range []*regexp.Regexp{htmlHeadRE, mdHeadRE} {
		for _, m := range re.FindAllSubmatch(src, -1) {
			if t := inlineText(string(m[1])); t != "" && w.doc.Readme.Title == "" && !navLike(t) {
				w.doc.Readme.Title = t
			}
		}
	}
}

var (
	h1RE     = regexp.MustCompile(`(?is)<h1[^>]*>(.*?)</h1>`)
	mdHeadAt = regexp.MustCompile(`(?m)^\s{0,3}#{1,6}\s`)
)

// htmlTitle prefers an HTML <h1> that comes before any Markdown heading:
// inside a paragraph (after an <img>) it is only inline HTML to the parser.
func (w *walker) htmlTitle() {
	src := htmlCommRE.ReplaceAll(w.src, nil)
	m := h1RE.FindSubmatchIndex(src)
	if m == nil {
		return
	}
	if h := mdHeadAt.FindIndex(src); h != nil && h[0] < m[0] {
		return
	}
	if t := inlineText(strings.ReplaceAll(string(src[m[2]:m[3]]), "<br>", " ")); t != "" && !navLike(t) {
		w.doc.Readme.Title = t
	}
}

// inlineText strips Markdown images, links, HTML tags and entities.
func inlineText(s string) string {
	s = mdImageRE.ReplaceAllString(s, "")
	s = mdLinkRE.ReplaceAllString(s, "$1")
	s = htmlTagRE.ReplaceAllString(s, "")
	s = htmlEntRE.ReplaceAllString(s, " ")
	return strings.Join(strings.Fields(strings.Trim(s, "# ")), " ")
}

// summary keeps the first paragraph with real prose (not only badges, not
// an HTML heading).
func (w *walker) summary(n *ast.Paragraph) {
	if w.doc.Readme.Summary != "" || hasHTMLHeading(n) {
		return
	}
	text := strings.Join(strings.Fields(plainText(n)), " ")
	prose := strings.Fields(proseText(n))
	if len(prose) >= 4 && !navLike(text) {
		w.doc.Readme.Summary = text
	}
}

// navLike reports navigation bars and language switchers ("English |
// 简体中文", "Demos | Updates | Usage"): two or more short parts split by
// "|" or "·".
func navLike(text string) bool {
	parts := strings.FieldsFunc(text, func(r rune) bool { return r == '|' || r == '·' })
	if len(parts) < 2 {
		return false
	}
	for _, p := range parts {
		if len(strings.Fields(p)) > 3 {
			return false
		}
	}
	return true
}

// plainText concatenates the text under n, skipping images and HTML.
func plainText(n ast.Node) string { return text(n, false) }

// proseText is plainText without link texts: what a paragraph says beyond
// its links ("[Blog] [Paper]" has none).
func proseText(n ast.Node) string { return text(n, true) }

func text(n ast.Node, skipLinks bool) string {
	var b strings.Builder
	ast.WalkFunc(n, func(c ast.Node, entering bool) ast.WalkStatus {
		if !entering {
			return ast.GoToNext
		}
		if _, isLink := c.(*ast.Link); isLink && skipLinks {
			return ast.SkipChildren
		}
		switch c := c.(type) {
		case *ast.Image, *ast.HTMLSpan:
			return ast.SkipChildren
		case *ast.Text:
			b.Write(c.Literal)
		case *ast.Code:
			b.Write(c.Literal)
		case *ast.Softbreak, *ast.Hardbreak:
			b.WriteByte(' ')
		}
		return ast.GoToNext
	})
	return b.String()
}

// trimURL drops trailing punctuation that ends a sentence, and an
// unbalanced closing parenthesis.
func trimURL(u string) string {
	for {
		t := strings.TrimRight(u, ".,;:!?*_'\"")
		if strings.HasSuffix(t, ")") && strings.Count(t, "(") < strings.Count(t, ")") {
			t = t[:len(t)-1]
		}
		if t == u {
			return u
		}
		u = t
	}
}

func dedupeLinks(links []Link) []Link {
	seen := map[string]bool{}
	var out []Link
	for _, l := range links {
		if !seen[l.URL] {
			seen[l.URL] = true
			out = append(out, l)
		}
	}
	return out
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// hasHTMLHeading reports a paragraph holding an inline <h1>-<h3>.
func hasHTMLHeading(n ast.Node) bool {
	found := false
	ast.WalkFunc(n, func(c ast.Node, entering bool) ast.WalkStatus {
		if span, ok := c.(*ast.HTMLSpan); ok && entering && len(span.Literal) > 2 {
			lit := strings.ToLower(string(span.Literal))
			found = found || strings.HasPrefix(lit, "<h1") || strings.HasPrefix(lit, "<h2") || strings.HasPrefix(lit, "<h3")
		}
		return ast.GoToNext
	})
	return found
}
