package entry

import (
	"fmt"
	"strings"
	"unicode"

	"github.com/cogport/cogport/sources/github/pysrc"
)

// shadowed are builtins a generated predict() body may call; an input with
// such a name would break it, so it gets a trailing underscore (PEP 8).
var shadowed = map[string]bool{
	"self": true, "cls": true, "str": true, "int": true, "float": true, "bool": true,
	"list": true, "dict": true, "set": true, "tuple": true, "type": true, "len": true,
	"open": true, "print": true, "range": true, "min": true, "max": true, "id": true,
	"format": true, "dir": true, "object": true, "super": true, "iter": true, "next": true,
	"map": true, "filter": true, "zip": true, "sum": true, "any": true, "all": true,
	"round": true, "abs": true, "sorted": true, "hash": true, "vars": true, "help": true,
	"exec": true, "eval": true, "compile": true, "globals": true, "locals": true,
	"input": true, "Path": true, "Input": true, "Secret": true, "BasePredictor": true,
}

// Sanitize turns an argument or label into a valid, non-reserved Python
// identifier in snake_case: "--num-steps" → "num_steps", "2x" → "arg_2x",
// "class" → "class_", "input" → "input_file" (a Path) or "input_".
func Sanitize(s, typ string) string {
	var b strings.Builder
	prevUnderscore, prevLower := true, false
	for _, r := range strings.TrimLeft(strings.TrimSpace(s), "-") {
		switch {
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if unicode.IsUpper(r) && prevLower { // camelCase → camel_case
				b.WriteByte('_')
			}
			b.WriteRune(unicode.ToLower(r))
			prevUnderscore, prevLower = false, unicode.IsLower(r) || unicode.IsDigit(r)
		case !prevUnderscore:
			b.WriteByte('_')
			prevUnderscore, prevLower = true, false
		}
	}
	name := strings.Trim(b.String(), "_")
	switch {
	case name == "":
		return "value"
	case name[0] >= '0' && name[0] <= '9':
		name = "arg_" + name
	}
	if name == "input" && typ == "Path" {
		return "input_file"
	}
	if pysrc.IsKeyword(name) || shadowed[name] {
		return name + "_"
	}
	return name
}

// uniqueNames gives every input a distinct name by suffixing _2, _3, ...
type uniqueNames map[string]bool

func (u uniqueNames) take(name string) string {
	if !u[name] {
		u[name] = true
		return name
	}
	for i := 2; ; i++ {
		n := fmt.Sprintf("%s_%d", name, i)
		if !u[n] {
			u[n] = true
			return n
		}
	}
}
