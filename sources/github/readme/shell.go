package readme

import (
	"strings"
)

// Command is one simple shell command found in a README block or a shell
// script.
type Command struct {
	// Argv is the command shell-split, without prompts, comments and
	// redirections.
	Argv []string
	// Text is the logical line the command came from.
	Text string
	// Line is the 1-based line of the command in its file.
	Line int
	// Section is the README heading above it.
	Section string
}

// Commands splits shell text into simple commands: prompts ("$ ") and
// comments are dropped, backslash continuations joined, and "&&", "||",
// ";" and "|" separate commands. firstLine is the file line of text's
// first line.
func Commands(text string, firstLine int) []Command {
	var out []Command
	lines := strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); i++ {
		start := i
		logical := stripPrompt(lines[i])
		for continued(logical) && i+1 < len(lines) {
			logical = strings.TrimRight(logical, " \t")
			logical = logical[:len(logical)-1] + " " + strings.TrimSpace(stripPrompt(lines[i+1]))
			i++
		}
		logical = strings.TrimSpace(logical)
		if logical == "" || strings.HasPrefix(logical, "#") || strings.HasPrefix(logical, ">>>") {
			continue
		}
		for _, argv := range splitShell(logical) {
			out = append(out, Command{Argv: argv, Text: logical, Line: firstLine + start})
		}
	}
	return out
}

// continued reports whether a line ends with a continuation character:
// "\" (sh), "`" (PowerShell) or "^" (cmd).
func continued(s string) bool {
	s = strings.TrimRight(s, " \t")
	return strings.HasSuffix(s, "\\") || strings.HasSuffix(s, "`") || strings.HasSuffix(s, " ^")
}

// stripPrompt drops a leading "$ ", "% " or "(env) $ " prompt and "!" of
// notebook shell escapes.
func stripPrompt(s string) string {
	t := strings.TrimSpace(s)
	if strings.HasPrefix(t, "(") {
		if i := strings.Index(t, ") $ "); i > 0 && !strings.Contains(t[:i], " ") {
			t = t[i+2:]
		}
	}
	for _, p := range []string{"$ ", "% ", "!"} {
		if rest, ok := strings.CutPrefix(t, p); ok {
			return rest
		}
	}
	return t
}

// splitShell splits a line into the argv of each simple command. Quotes
// and backslashes follow POSIX sh; "#" starts a comment at a word start;
// redirections drop the rest of their command.
func splitShell(s string) [][]string {
	var cmds [][]string
	var argv []string
	var word strings.Builder
	inWord, redirect := false, false
	flush := func() {
		if inWord && !redirect {
			argv = append(argv, word.String())
		}
		word.Reset()
		inWord = false
	}
	end := func() {
		flush()
		if len(argv) > 0 {
			cmds = append(cmds, argv)
		}
		argv, redirect = nil, false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				j = len(s) - i - 1
			}
			word.WriteString(s[i+1 : i+1+j])
			inWord = true
			i += j + 1
		case c == '"':
			i = readDouble(s, i+1, &word)
			inWord = true
		case c == '\\' && i+1 < len(s):
			word.WriteByte(s[i+1])
			inWord = true
			i++
		case c == ' ' || c == '\t':
			flush()
		case c == '#' && !inWord:
			end()
			return cmds
		case c == ';' || c == '|' || c == '&':
			end()
			for i+1 < len(s) && (s[i+1] == '&' || s[i+1] == '|') {
				i++
			}
		case c == '<' && placeholderEnd(s, i) > 0:
			// "<path/to/file>" in docs is a placeholder, not a redirection.
			end := placeholderEnd(s, i)
			word.WriteString(s[i : end+1])
			inWord = true
			i = end
		case c == '>' || c == '<':
			if word.Len() > 0 && isAllDigits(word.String()) { // "2>"
				word.Reset()
				inWord = false
			}
			flush()
			redirect = true
		default:
			word.WriteByte(c)
			inWord = true
		}
	}
	end()
	return cmds
}

// readDouble reads a double-quoted string from i (after the quote) and
// returns the index of the closing quote.
func readDouble(s string, i int, w *strings.Builder) int {
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case c == '"':
			return i
		case c == '\\' && i+1 < len(s) && strings.IndexByte(`"\$`+"`", s[i+1]) >= 0:
			w.WriteByte(s[i+1])
			i++
		default:
			w.WriteByte(c)
		}
	}
	return i
}

func isAllDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// placeholderEnd returns the index of the ">" closing a "<name>" word that
// starts at i, or -1.
func placeholderEnd(s string, i int) int {
	for j := i + 1; j < len(s); j++ {
		switch s[j] {
		case '>':
			if j > i+1 && (j+1 == len(s) || s[j+1] == ' ' || s[j+1] == '\t') {
				return j
			}
			return -1
		case ' ', '\t', '<', '|', ';', '&':
			return -1
		}
	}
	return -1
}
