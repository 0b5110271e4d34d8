package entry

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/cogport/cogport/facts"
)

// Patterns on an argument's name (dest or flag, snake_case) that decide its
// role and whether a str is really a file.
var (
	outputRE      = regexp.MustCompile(`(^|_)(out|output|outputs|outdir|output_dir|out_dir|outpath|out_path|save|save_dir|save_path|save_to|savedir|result|results|result_dir|res_dir|dst|dest|target_dir|output_folder|save_folder|output_path|output_file|out_file)($|_)`)
	weightsRE     = regexp.MustCompile(`(^|_)(ckpt|checkpoint|checkpoints|weight|weights|model_path|model_dir|model_file|pretrained|pretrained_path|pretrained_model|resume|lora|lora_path|vae_path|ckpt_path|model_ckpt|pth|safetensors)($|_)`)
	weightsHelpRE = regexp.MustCompile(`(?i)\b(checkpoints?|weights|\.pth|\.ckpt|\.safetensors|pretrained model)\b`)
	configRE      = regexp.MustCompile(`(^|_)(config|cfg|conf|yaml|opt|options|config_file|config_path|hparams)($|_)`)
	runtimeRE     = regexp.MustCompile(`^(device|devices|gpu|gpus|gpu_id|gpu_ids|gpuid|cuda|cpu|use_cpu|local_rank|rank|world_size|num_workers|workers|n_workers|dist_url|dist_backend|port|host|share|server_name|server_port|listen|debug|verbose|log_level|launcher|num_gpus|n_gpus|ngpu|node_rank|master_port|master_addr|compile|deterministic)$`)
	// fileishRE words mean a file wherever they appear in the name;
	// weakFileRE words only when they are the whole name ("--source", not
	// "--source_lang").
	fileishRE   = regexp.MustCompile(`(^|_)(image|images|img|imgs|file|files|filename|path|paths|audio|video|wav|mp3|mp4|photo|photos|picture|pic|mask|dir|folder|ckpt|checkpoint|pdf)($|_)`)
	weakFileRE  = regexp.MustCompile(`^(input|inputs|in|source|src|ref|reference|driving|face|speech|voice|sketch|pose|scan|doc|document)(_?\d+)?$`)
	fileHelpRE  = regexp.MustCompile(`(?i)\b(path to|path of|file path|filename|input (image|photo|picture|audio|video|file|folder|dir|directory)s?|(image|photo|audio|video|wav|mp3|mp4|png|jpe?g) (file|path|folder|dir)s?)\b`)
	mediaRE     = regexp.MustCompile(`(?i)\.(png|jpe?g|webp|bmp|gif|tiff?|wav|mp3|flac|ogg|m4a|mp4|mov|avi|mkv|webm|pdf|npy|obj|ply|glb)$`)
	boolTypeRE  = regexp.MustCompile(`(?i)(str2bool|strtobool|bool)`)
	intTypeRE   = regexp.MustCompile(`(?i)(^|[^a-z])(int|integer)($|[^a-z])`)
	floatTypeRE = regexp.MustCompile(`(?i)(^|[^a-z])(float|number)($|[^a-z])`)
)

// pathTypes are type= callables that mean a file.
var pathTypes = map[string]bool{"Path": true, "pathlib.Path": true, "os.path.abspath": true,
	"os.path.expanduser": true, "argparse.FileType": true, "FileType": true, "file": true}

// typedInputs derives typed inputs from argparse (or click) arguments.
func typedInputs(f File, args []facts.RepoScriptArg) ([]facts.RepoInput, []string) {
	var out []facts.RepoInput
	var warns []string
	names := uniqueNames{}
	for _, a := range args {
		in, w, ok := argInput(f, a)
		warns = append(warns, w...)
		if !ok {
			continue
		}
		in.Name = names.take(Sanitize(in.Dest, in.Type))
		out = append(out, in)
	}
	return out, warns
}

// argInput maps one argument; ok is false for help/version actions.
func argInput(f File, a facts.RepoScriptArg) (facts.RepoInput, []string, bool) {
	switch a.Action {
	case "help", "version", "argparse._HelpAction", "argparse._VersionAction":
		return facts.RepoInput{}, nil, false
	}
	in := facts.RepoInput{Dest: a.Dest, Role: "input", Default: a.Default, Choices: a.Choices}
	if strings.HasPrefix(a.Flags[0], "-") {
		in.Flag = longest(a.Flags)
	}
	var warns []string
	guess := func(format string, args ...any) {
		warns = append(warns, fmt.Sprintf("%s: %s: ", f.at(a.Line), flagName(a))+fmt.Sprintf(format, args...))
	}
	in.Type = baseType(a, guess)
	in.Required = a.Required || (in.Flag == "" && a.Nargs != "?" && a.Nargs != "*" && a.Default == nil)
	name := strings.ReplaceAll(strings.ToLower(a.Dest), "-", "_")
	assignRole(f, a, name, &in, guess)
	applyNargs(a, &in, guess)
	checkChoices(&in, guess)
	describe(f, a, &in, guess)
	return in, warns, true
}

func longest(flags []string) string {
	best := flags[0]
	for _, f := range flags {
		if len(f) > len(best) {
			best = f
		}
	}
	return best
}

func flagName(a facts.RepoScriptArg) string {
	if len(a.Flags) > 0 {
		return longest(a.Flags)
	}
	return a.Dest
}

// baseType reads action=, type= and the default's type.
func baseType(a facts.RepoScriptArg, guess func(string, ...any)) string {
	switch a.Action {
	case "store_true", "store_false", "argparse.BooleanOptionalAction", "BooleanOptionalAction":
		return "bool"
	case "count":
		return "int"
	case "store_const":
		guess("action=store_const is mapped to a bool that passes the flag when true")
		return "bool"
	}
	t := a.Type
	switch {
	case t == "int" || t == "float" || t == "str":
		return t
	case t == "bool":
		guess("type=bool is true for any non-empty string in argparse; mapped to bool")
		return "bool"
	case pathTypes[t] || strings.HasPrefix(t, "argparse.FileType(") || strings.HasPrefix(t, "FileType("):
		return "Path"
	case t != "" && boolTypeRE.MatchString(t):
		guess("type=%s read as bool from its name", t)
		return "bool"
	case t != "" && intTypeRE.MatchString(t):
		guess("type=%s read as int from its name", t)
		return "int"
	case t != "" && floatTypeRE.MatchString(t):
		guess("type=%s read as float from its name", t)
		return "float"
	case t != "":
		guess("type=%s is not a plain type; mapped to str", t)
		return "str"
	}
	switch a.Default.(type) {
	case int64:
		return "int"
	case float64:
		return "float"
	case bool:
		return "bool"
	}
	if len(a.Choices) > 0 {
		switch a.Choices[0].(type) {
		case int64:
			return "int"
		case float64:
			return "float"
		}
	}
	return "str"
}
