package entry

import (
	"fmt"
	"strings"

	"github.com/cogport/cogport/facts"
)

// assignRole decides what an argument is for: an input, an output path
// the wrapper fills with a temp dir, a checkpoint, a config file, or a
// runtime setting the wrapper fixes. A str that names a file becomes Path.
func assignRole(f File, a facts.RepoScriptArg, name string, in *facts.RepoInput, guess func(string, ...any)) {
	switch a.Action {
	case "store_true", "argparse.BooleanOptionalAction", "BooleanOptionalAction":
		if in.Default == nil {
			in.Default = false
		}
	case "store_false":
		if in.Default == nil {
			in.Default = true
		}
	case "count":
		if in.Default == nil {
			in.Default = int64(0)
		}
	}
	fileish := in.Type == "Path" || (in.Type == "str" && len(in.Choices) == 0 && isFileish(name, a))
	switch {
	case runtimeRE.MatchString(name):
		in.Role = "runtime"
		guess("a runtime setting (%s); the wrapper should fix it", name)
	case (in.Type == "str" || in.Type == "Path") && len(in.Choices) == 0 && outputRE.MatchString(name):
		in.Role, in.Type = "output", "Path"
		guess("an output location; the wrapper passes a temporary directory and returns its files")
	case (in.Type == "str" || in.Type == "Path") && len(in.Choices) == 0 &&
		(weightsRE.MatchString(name) || weightsHelpRE.MatchString(a.Help) && !fileHelpRE.MatchString(a.Help)):
		in.Role, in.Type = "weights", "Path"
		guess("a checkpoint; the wrapper should download it in setup(), not take it as an input")
	case (in.Type == "str" || in.Type == "Path") && configRE.MatchString(name) && isConfigPath(in.Default):
		in.Role = "config"
		guess("a config file (%v); the wrapper keeps the default", in.Default)
	case fileish && in.Type == "str":
		in.Type = "Path"
		guess("a file argument (guessed from its name or help); mapped to Path")
	}
	if in.Type == "Path" {
		pathDefault(f, in)
	}
}

// isFileish guesses whether a str argument names an input file, from its
// name, metavar, help and default.
func isFileish(name string, a facts.RepoScriptArg) bool {
	meta := strings.ToLower(a.Metavar)
	def, _ := a.Default.(string)
	return fileishRE.MatchString(name) || weakFileRE.MatchString(name) || fileishRE.MatchString(meta) ||
		fileHelpRE.MatchString(a.Help) || mediaRE.MatchString(def)
}

func isConfigPath(v any) bool {
	s, ok := v.(string)
	if !ok {
		return false
	}
	for _, ext := range []string{".yaml", ".yml", ".json", ".toml", ".py", ".cfg", ".ini", ".txt"} {
		if strings.HasSuffix(strings.ToLower(s), ext) {
			return true
		}
	}
	return false
}

// pathDefault moves a Path's default file name to Example: a cog Path
// input cannot default to a repository file.
func pathDefault(f File, in *facts.RepoInput) {
	s, ok := in.Default.(string)
	in.Default = nil
	if !ok || s == "" {
		return
	}
	clean := strings.TrimPrefix(s, "./")
	if f.Exists != nil && f.Exists(clean) {
		in.Example = clean
	} else if strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "https://") {
		in.Example = s
	}
}

// applyNargs turns nargs lists into list[T].
func applyNargs(a facts.RepoScriptArg, in *facts.RepoInput, guess func(string, ...any)) {
	switch a.Nargs {
	case "", "1", "?":
		return
	case "argparse.REMAINDER", "REMAINDER":
		guess("nargs=REMAINDER is not supported; left as a str")
		return
	}
	if in.Type == "bool" {
		return
	}
	in.Type = "list[" + in.Type + "]"
	if a.Nargs == "+" {
		in.Required = in.Required || a.Required
	}
	guess("nargs=%s mapped to %s", a.Nargs, in.Type)
}

// checkChoices drops choices cog rejects (floats, fewer than two, on
// non-str/int inputs) and flags a default outside them.
func checkChoices(in *facts.RepoInput, guess func(string, ...any)) {
	if len(in.Choices) == 0 {
		return
	}
	switch {
	case in.Type != "str" && in.Type != "int":
		guess("choices dropped: cog allows them on str and int inputs only")
		in.Choices = nil
	case len(in.Choices) < 2:
		guess("a single choice dropped: cog needs at least two")
		in.Choices = nil
	}
	for _, c := range in.Choices {
		if _, isFloat := c.(float64); isFloat {
			guess("float choices dropped: cog rejects them")
			in.Choices = nil
			return
		}
	}
	if in.Default != nil && len(in.Choices) > 0 && !containsValue(in.Choices, in.Default) {
		guess("default %v is not among the choices", in.Default)
	}
}

func containsValue(list []any, v any) bool {
	for _, x := range list {
		if x == v {
			return true
		}
	}
	return false
}

// describe fills the description from help (with %(default)s and friends
// substituted), else makes one up and says so.
func describe(f File, a facts.RepoScriptArg, in *facts.RepoInput, guess func(string, ...any)) {
	help := a.Help
	if help == "SUPPRESS" || help == "==SUPPRESS==" {
		help = ""
	}
	help = strings.NewReplacer("%(default)s", fmt.Sprint(defaultText(a)), "%(default)r", fmt.Sprint(defaultText(a)),
		"%(type)s", a.Type, "%(choices)s", fmt.Sprint(a.Choices), "%%", "%").Replace(help)
	if help != "" {
		in.Description = help
		return
	}
	in.Description = generatedDescription(f.Path, flagName(a), in)
	in.DescriptionGuessed = true
	guess("no help text; description generated")
}

func defaultText(a facts.RepoScriptArg) any {
	if a.Default != nil {
		return a.Default
	}
	if a.DefaultText != "" {
		return a.DefaultText
	}
	return "None"
}

func generatedDescription(script, flag string, in *facts.RepoInput) string {
	words := strings.ReplaceAll(strings.TrimLeft(flag, "-"), "_", " ")
	words = strings.ReplaceAll(words, "-", " ")
	switch in.Type {
	case "bool":
		return fmt.Sprintf("Enable %s (the %s option of %s).", words, flag, script)
	case "Path":
		return fmt.Sprintf("Input file for %s (the %s option of %s).", words, flag, script)
	}
	return fmt.Sprintf("Value of %s (the %s option of %s).", words, flag, script)
}
