package hf

import "strings"

// keyword records name=value from a call to callee. A chat message built
// as UserMessage(content="...") is a prompt; other content= is neither.
func (m *miner) keyword(callee, name string, v any) {
	switch {
	case promptNames[name]:
		m.addPrompts(v)
	case messageNames[name]:
		m.addMessages(v)
	case name == "content":
		if strings.HasSuffix(callee, "UserMessage") || strings.HasSuffix(callee, "HumanMessage") {
			m.addPrompts(v)
		}
	default:
		m.setting(name, v)
	}
}

// assign records a top-level `name = value` and remembers variables bound
// to a pipeline or model.
func (m *miner) assign(toks []token, i int) {
	name := toks[i].text
	v, end := parseValue(toks, i+2)
	switch {
	case promptNames[name]:
		m.addPrompts(v)
	case messageNames[name]:
		m.addMessages(v)
	case settingNames[name]:
		m.setting(name, v)
	}
	if _, isLit := v.(nonLiteral); isLit && m.bindsPipe(toks[min(i+2, len(toks)):min(max(end, i+2), len(toks))]) {
		m.pipes[name] = true
	}
}

// bindsPipe reports whether an assignment's right-hand side makes a
// pipeline or model: X.from_pretrained(...), pipeline(...), SomePipeline(...),
// or pipe.to(...) of one already known.
func (m *miner) bindsPipe(rhs []token) bool {
	for k := range rhs {
		if !isOp(rhs[k], "(") {
			continue
		}
		callee, _ := calleeAt(rhs, k)
		base, method, _ := cutLast(callee, ".")
		switch {
		case method == "from_pretrained" || method == "from_single_file",
			callee == "pipeline", strings.HasSuffix(callee, "Pipeline"):
			return true
		case method == "to" && m.pipes[base]:
			return true
		}
		return false // only the outermost call counts
	}
	return false
}

// cutLast splits s at its last sep.
func cutLast(s, sep string) (before, after string, found bool) {
	i := strings.LastIndex(s, sep)
	if i < 0 {
		return "", s, false
	}
	return s[:i], s[i+len(sep):], true
}

// positionalPrompt records pipe("a prompt", ...): a literal string as the
// first argument of a known pipeline variable.
func (m *miner) positionalPrompt(toks []token, j int, callee string) {
	if j >= len(toks) || toks[j].kind != tString {
		return
	}
	v, end := parseValue(toks, j)
	s, ok := v.(string)
	if !ok || end >= len(toks) || !(isOp(toks[end], ",") || isOp(toks[end], ")")) {
		return
	}
	if callee == "pipeline" && taskShaped.MatchString(s) {
		return // transformers.pipeline("task") reusing a variable's name
	}
	m.addPrompt(s)
}

// setting stores a scalar value the first time name is seen.
func (m *miner) setting(name string, v any) {
	if _, done := m.settings[name]; done {
		return
	}
	switch v.(type) {
	case string, int64, float64, bool:
		m.settings[name] = v
	}
}

func (m *miner) addPrompts(v any) {
	switch v := v.(type) {
	case string:
		m.addPrompt(v)
	case []any:
		for _, x := range v {
			if s, ok := x.(string); ok {
				m.addPrompt(s)
			}
		}
	}
}

// addMessages takes the user turns of a chat: string contents, and the
// text parts of multimodal contents.
func (m *miner) addMessages(v any) {
	msgs, _ := v.([]any)
	for _, msg := range msgs {
		mm, ok := msg.(map[string]any)
		if !ok {
			continue
		}
		if role, _ := mm["role"].(string); role != "" && role != "user" {
			continue
		}
		switch c := mm["content"].(type) {
		case string:
			m.addPrompt(c)
		case []any:
			for _, part := range c {
				if pm, ok := part.(map[string]any); ok && pm["type"] == "text" {
					m.addPrompts(pm["text"])
				}
			}
		}
	}
}

func (m *miner) addPrompt(s string) {
	s = strings.TrimSpace(s)
	if s == "" || placeholder.MatchString(s) || m.seen[s] {
		return
	}
	m.seen[s] = true
	m.prompts = append(m.prompts, s)
}
