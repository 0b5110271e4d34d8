package plan

// reservedNames are names an input must not take, in any template: Python
// keywords, the builtins and modules generated code uses, and the names cog
// and predict() reserve. Recipes add the locals of their own templates.
var reservedNames = map[string]bool{
	"False": true, "None": true, "True": true, "and": true, "as": true, "assert": true, "async": true,
	"await": true, "break": true, "class": true, "continue": true, "def": true, "del": true, "elif": true,
	"else": true, "except": true, "finally": true, "for": true, "from": true, "global": true, "if": true,
	"import": true, "in": true, "is": true, "lambda": true, "nonlocal": true, "not": true, "or": true,
	"pass": true, "raise": true, "return": true, "try": true, "while": true, "with": true, "yield": true,
	"match": true, "case": true, "type": true, "self": true, "print": true, "int": true, "str": true,
	"float": true, "bool": true, "list": true, "dict": true, "len": true, "range": true, "open": true,
	"os": true, "json": true, "torch": true, "weights": true, "tempfile": true, "Path": true, "Input": true,
	"Secret": true, "Optional": true, "random": true, "time": true, "sys": true,
}

// ReservedName reports whether an input may not be called name.
func ReservedName(name string) bool { return reservedNames[name] }
