package hf

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/gomarkdown/markdown/ast"
	"github.com/gomarkdown/markdown/parser"

	"github.com/cogport/cogport/facts"
)

// maxSummary is the longest Summary, in characters.
const maxSummary = 300

// parseBody walks the Markdown body for fenced code, the first heading and
// the first prose paragraph, then mines the Python examples.
func parseBody(card *facts.Card) {
	p := parser.NewCommonMarkWithExtensions(parser.Tables | parser.Strikethrough | parser.Autolink)
	doc := p.Parse([]byte(card.Body))
	ast.WalkFunc(doc, func(n ast.Node, entering bool) ast.WalkStatus {
		if !entering {
			return ast.GoToNext
		}
		switch n := n.(type) {
		case *ast.CodeBlock:
			if n.IsFenced {
				card.Code = append(card.Code, facts.CodeBlock{Lang: fenceLang(n.Info), Code: string(n.Literal)})
			}
		case *ast.Heading:
			if card.Title == "" {
				card.Title = collapseSpace(plainText(n))
			}
			return ast.SkipChildren
		case *ast.Paragraph:
			if card.Summary == "" && !nestedInBlock(n) {
				card.Summary = proseSummary(n)
			}
			return ast.SkipChildren
		}
		return ast.GoToNext
	})
	card.Settings, card.Prompts = mineExamples(card.Code)
}

// fenceLang is the first word of a fence's info string, lowercased.
func fenceLang(info []byte) string {
	f := strings.Fields(string(info))
	if len(f) == 0 {
		return ""
	}
	return strings.ToLower(strings.Trim(f[0], "{}."))
}

// nestedInBlock reports whether a paragraph sits in a list, quote, table
// or footnote rather than the body's top level: those are not the summary.
func nestedInBlock(n ast.Node) bool {
	for p := n.GetParent(); p != nil; p = p.GetParent() {
		switch p.(type) {
		case *ast.List, *ast.ListItem, *ast.BlockQuote, *ast.Table, *ast.TableCell, *ast.Aside, *ast.CaptionFigure:
			return true
		}
	}
	return false
}

// proseSummary returns the paragraph as plain text when it reads as prose
// (a few words, not just badges, links or a bold label), cut to maxSummary.
func proseSummary(p *ast.Paragraph) string {
	text := collapseSpace(plainText(p))
	own := collapseSpace(ownText(p))
	if len(strings.Fields(text)) < 4 || countLetters(own) < 10 {
		return ""
	}
	return truncate(text, maxSummary)
}

// plainText concatenates a node's text, code spans and link text; images
// and raw HTML contribute nothing.
func plainText(n ast.Node) string {
	var b strings.Builder
	ast.WalkFunc(n, func(n ast.Node, entering bool) ast.WalkStatus {
		if !entering {
			return ast.GoToNext
		}
		switch n := n.(type) {
		case *ast.Image, *ast.HTMLSpan, *ast.HTMLBlock:
			return ast.SkipChildren
		case *ast.Text:
			b.Write(n.Literal)
		case *ast.Code:
			b.Write(n.Literal)
		case *ast.Softbreak, *ast.Hardbreak:
			b.WriteByte(' ')
		}
		return ast.GoToNext
	})
	return b.String()
}

// ownText is plainText without link text, to tell prose from a row of links.
func ownText(n ast.Node) string {
	var b strings.Builder
	ast.WalkFunc(n, func(n ast.Node, entering bool) ast.WalkStatus {
		if !entering {
			return ast.GoToNext
		}
		switch n := n.(type) {
		case *ast.Image, *ast.Link, *ast.HTMLSpan:
			return ast.SkipChildren
		case *ast.Text:
			b.Write(n.Literal)
		}
		return ast.GoToNext
	})
	return b.String()
}

func countLetters(s string) int {
	n := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			n++
		}
	}
	return n
}

func collapseSpace(s string) string { return strings.Join(strings.Fields(s), " ") }

// truncate cuts s to at most max characters at a word boundary, marking the
// cut with an ellipsis.
func truncate(s string, max int) string {
	if utf8.RuneCountInString(s) <= max {
		return s
	}
	r := []rune(s)[:max-1]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > max/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:") + "…"
}
