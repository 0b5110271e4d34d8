package hf

import (
	"regexp"
	"strings"

	"github.com/cogport/cogport/facts"
)

// pythonLangs are fence labels of Python code.
var pythonLangs = map[string]bool{
	"py": true, "python": true, "python3": true, "py3": true, "ipython": true, "ipython3": true, "pycon": true,
}

// settingNames are read as settings when they are dict keys (a request
// payload such as {"temperature": 0.15}) or assigned at top level;
// keyword arguments are read whatever their name.
var settingNames = map[string]bool{
	"temperature": true, "top_p": true, "top_k": true, "min_p": true, "max_tokens": true,
	"max_new_tokens": true, "max_length": true, "repetition_penalty": true, "presence_penalty": true,
	"frequency_penalty": true, "num_inference_steps": true, "guidance_scale": true, "true_cfg_scale": true,
	"height": true, "width": true, "seed": true, "num_frames": true, "fps": true, "chunk_length_s": true,
	"batch_size": true, "do_sample": true, "num_beams": true, "negative_prompt": true, "strength": true,
	"max_sequence_length": true, "sampling_rate": true, "num_images_per_prompt": true,
}

// Names that hold example prompts or chat messages rather than settings.
var (
	promptNames  = map[string]bool{"prompt": true, "prompts": true}
	messageNames = map[string]bool{"messages": true, "conversation": true, "chat": true}
)

var (
	// pythonish spots Python in a fence with no label.
	pythonish = regexp.MustCompile(`(?m)^\s*(import [A-Za-z_]|from [A-Za-z_][\w.]* import |[A-Za-z_][\w.]*\s*=\s*[A-Za-z_][\w.]*\(|def [A-Za-z_]\w*\()`)
	// placeholder is a prompt like "<your-command>".
	placeholder = regexp.MustCompile(`^<[^<>]*>$`)
	// taskShaped is a pipeline task id ("text-generation"), not a prompt.
	taskShaped = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)+$`)
)

// miner collects settings and prompts over a card's Python blocks, in
// order: the first value of a setting wins.
type miner struct {
	settings map[string]any
	prompts  []string
	seen     map[string]bool
	// pipes are variables bound to a pipeline or model; a string passed to
	// them positionally is an example prompt.
	pipes map[string]bool
}

// mineExamples reads literal keyword arguments and example prompts from the
// Python blocks among code.
func mineExamples(code []facts.CodeBlock) (map[string]any, []string) {
	m := &miner{settings: map[string]any{}, seen: map[string]bool{}, pipes: map[string]bool{}}
	for _, b := range code {
		if isPythonBlock(b) {
			m.scan(tokenize(stripDoctest(b.Code)))
		}
	}
	if len(m.settings) == 0 {
		m.settings = nil
	}
	return m.settings, m.prompts
}

func isPythonBlock(b facts.CodeBlock) bool {
	if b.Lang == "" {
		return pythonish.MatchString(stripDoctest(b.Code))
	}
	return pythonLangs[b.Lang]
}

// stripDoctest keeps only the code of an interactive session (">>> " and
// "... " lines, prompts removed), dropping its printed output.
func stripDoctest(code string) string {
	if !strings.Contains(code, ">>>") {
		return code
	}
	lines := strings.Split(code, "\n")
	var out []string
	for _, l := range lines {
		t := strings.TrimLeft(l, " \t")
		for _, p := range []string{">>> ", ">>>", "... ", "..."} {
			if rest, ok := strings.CutPrefix(t, p); ok {
				out = append(out, rest)
				break
			}
		}
	}
	if len(out) == 0 {
		return code
	}
	return strings.Join(out, "\n")
}

// frame is an open bracket; for "(" the dotted name called, if any.
type frame struct {
	open   string
	callee string
	def    bool // the parameter list of a def or class: defaults, not calls
}

// scan walks the tokens once, tracking brackets, and hands keyword
// arguments, dict entries and top-level assignments to the miner.
func (m *miner) scan(toks []token) {
	var stack []frame
	for i, tk := range toks {
		if tk.kind == tOp {
			stack = m.bracket(toks, i, stack)
			continue
		}
		top := frame{}
		if len(stack) > 0 {
			top = stack[len(stack)-1]
		}
		prev := token{kind: tNewline}
		if i > 0 {
			prev = toks[i-1]
		}
		next := i + 1
		switch {
		case tk.kind == tName && next < len(toks) && isOp(toks[next], "="):
			if top.open == "(" && !top.def && (isOp(prev, "(") || isOp(prev, ",")) {
				v, _ := parseValue(toks, i+2)
				m.keyword(top.callee, tk.text, v)
			} else if len(stack) == 0 && prev.kind == tNewline {
				m.assign(toks, i)
			}
		case tk.kind == tString && top.open == "{" && (isOp(prev, "{") || isOp(prev, ",")) &&
			next < len(toks) && isOp(toks[next], ":"):
			if v, _ := parseValue(toks, i+2); settingNames[tk.str] {
				m.setting(tk.str, v)
			}
		}
	}
}

// bracket keeps the bracket stack and spots pipe("a prompt") calls.
func (m *miner) bracket(toks []token, i int, stack []frame) []frame {
	switch toks[i].text {
	case "(":
		callee, def := calleeAt(toks, i)
		stack = append(stack, frame{open: "(", callee: callee, def: def})
		if m.pipes[callee] {
			m.positionalPrompt(toks, i+1, callee)
		}
	case "[", "{":
		stack = append(stack, frame{open: toks[i].text})
	case ")", "]", "}":
		if len(stack) > 0 {
			stack = stack[:len(stack)-1]
		}
	}
	return stack
}

// calleeAt returns the dotted name just before the "(" at toks[i], and
// whether it is being defined (def f( / class C().
func calleeAt(toks []token, i int) (string, bool) {
	j := i - 1
	if j < 0 || toks[j].kind != tName {
		return "", false
	}
	parts := []string{toks[j].text}
	for j >= 2 && isOp(toks[j-1], ".") && toks[j-2].kind == tName {
		parts = append([]string{toks[j-2].text}, parts...)
		j -= 2
	}
	def := j > 0 && toks[j-1].kind == tName && (toks[j-1].text == "def" || toks[j-1].text == "class")
	return strings.Join(parts, "."), def
}
