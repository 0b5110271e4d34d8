package github

import (
	"fmt"
	"path"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/plan"
)

// Argument kinds the script template renders, each one way of putting a
// value on the command line.
const (
	argValue        = "value"         // FLAG str(v), or str(v) for a positional
	argFlagTrue     = "flag_true"     // FLAG when v (store_true)
	argFlagFalse    = "flag_false"    // FLAG when not v (store_false)
	argBoolOptional = "bool_optional" // FLAG or --no-FLAG (BooleanOptionalAction)
	argCount        = "count"         // FLAG v times (action="count")
	argList         = "list"          // FLAG v1 v2 ... (nargs)
	argListRepeat   = "list_repeat"   // FLAG v1 FLAG v2 ... (click multiple=True)
	argConst        = "const"         // FLAG "fixed value"
	argOutDir       = "out_dir"       // FLAG <temporary folder>
	argOutFile      = "out_file"      // FLAG <file in the temporary folder>
	argBoolType     = "bool_type"     // FLAG "True" or FLAG "" (type=bool: any non-empty string is true)
)

// cliArgs maps every argument of the script, in its order: inputs from
// predict()'s parameters, outputs into a temporary folder, checkpoints to
// the downloaded files, configs and runtime settings fixed.
func cliArgs(p *plan.Plan, ep facts.RepoEntryPoint, ins []mapped, mode string) []map[string]any {
	byDest := map[string]plan.Input{}
	for _, m := range ins {
		byDest[m.src.Dest+"|"+m.src.Flag] = m.in
	}
	var out []map[string]any
	var unset, fixed []string
	for _, src := range ep.Inputs {
		raw := rawArg(ep, src)
		var a map[string]any
		switch src.Role {
		case "input":
			a = inputArg(ep, src, raw, byDest[src.Dest+"|"+src.Flag])
		case "output":
			a = map[string]any{"kind": argOutDir, "flag": src.Flag}
			if file := outputFile(src); file != "" {
				// With one output file predict() returns it; with several
				// outputs each file lands in the temporary folder.
				a = map[string]any{"kind": argOutFile, "flag": src.Flag, "file": file, "single": mode == "file"}
			}
		case "weights":
			a = weightsArg(p, src, raw)
		default:
			a = fixedArg(p, src)
		}
		if a == nil {
			if src.Required {
				unset = append(unset, flagOrDest(src))
			} else if src.Role != "input" {
				fixed = append(fixed, flagOrDest(src)+" (the script's default)")
			}
			continue
		}
		if note := fixedNote(src, a); note != "" {
			fixed = append(fixed, note)
		}
		a["name"], a["optional"] = orString(a["name"]), a["optional"] == true
		out = append(out, a)
	}
	if len(fixed) > 0 {
		p.Warn(fmt.Sprintf("predict.py sets %s's non-input arguments itself: %s", ep.Path, strings.Join(fixed, ", ")))
	}
	if len(unset) > 0 {
		p.Warn(fmt.Sprintf("%s requires %s, which cogport could not fill: add them to the command line in predict.py",
			ep.Path, strings.Join(unset, ", ")))
	}
	return out
}

// fixedNote says what predict.py passes for an argument that is not an input.
func fixedNote(src facts.RepoInput, a map[string]any) string {
	switch a["kind"] {
	case argOutDir:
		return flagOrDest(src) + " (a temporary folder)"
	case argOutFile:
		return flagOrDest(src) + " (a file in a temporary folder)"
	case argConst:
		return fmt.Sprintf("%s %v", flagOrDest(src), a["value"])
	}
	return ""
}

func orString(v any) string {
	s, _ := v.(string)
	return s
}

func flagOrDest(in facts.RepoInput) string {
	if in.Flag != "" {
		return in.Flag
	}
	return in.Dest
}

// rawArg is the argparse call an input came from.
func rawArg(ep facts.RepoEntryPoint, in facts.RepoInput) facts.RepoScriptArg {
	for _, a := range ep.Args {
		if a.Dest == in.Dest && (in.Flag == "" || contains(toAny(a.Flags), in.Flag)) {
			return a
		}
	}
	return facts.RepoScriptArg{Dest: in.Dest}
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

// inputArg renders a predict() parameter on the command line.
func inputArg(ep facts.RepoEntryPoint, src facts.RepoInput, raw facts.RepoScriptArg, in plan.Input) map[string]any {
	a := map[string]any{"kind": argValue, "flag": src.Flag, "name": in.Name, "optional": in.Optional}
	switch {
	case raw.Action == "count" && src.Flag != "":
		a["kind"] = argCount
	case strings.HasPrefix(in.Type, "list["):
		a["kind"] = argList
		if ep.Kind == "click" && src.Flag != "" {
			a["kind"] = argListRepeat
		}
	case in.Type != "bool" || src.Flag == "":
	case raw.Action == "store_false":
		a["kind"] = argFlagFalse
	case strings.HasSuffix(raw.Action, "BooleanOptionalAction"):
		a["kind"], a["off"] = argBoolOptional, "--no-"+strings.TrimLeft(src.Flag, "-")
	case raw.Action == "store_true" || raw.Action == "store_const":
		a["kind"] = argFlagTrue
	case raw.Action == "" && raw.Type == "bool":
		a["kind"] = argBoolType
	}
	return a
}

// weightsArg points a checkpoint argument at its download: nothing when
// the script's default already names a downloaded file, else the file its
// README example names, else the only download there is.
func weightsArg(p *plan.Plan, src facts.RepoInput, raw facts.RepoScriptArg) map[string]any {
	def, _ := raw.Default.(string)
	target := ""
	for _, f := range p.Weights.Files {
		switch {
		case def != "" && f.Path == cleanRel(def):
			return nil
		case src.Example != "" && (f.Path == cleanRel(src.Example) || path.Base(f.Path) == path.Base(src.Example)):
			target = f.Path
		}
	}
	if target == "" && len(p.Weights.Files) == 1 {
		target = p.Weights.Files[0].Path
	}
	if target == "" && cleanRel(src.Example) != "" {
		target = cleanRel(src.Example)
		p.Warn(fmt.Sprintf("%s: the README passes %s, which no download link provides: put the file there (or change the command line in predict.py)",
			flagOrDest(src), target))
	}
	if target == "" {
		return nil // the script's own default path
	}
	return map[string]any{"kind": argConst, "flag": src.Flag, "value": target}
}

// devices are the values a device argument takes for a GPU.
var devices = map[string]bool{"cuda": true, "cuda:0": true, "gpu": true, "0": true}

// fixedArg handles configs and runtime settings: left at the script's
// default, except a device the script would otherwise run on the CPU, and
// required ones, which take the README's value.
func fixedArg(p *plan.Plan, src facts.RepoInput) map[string]any {
	name := strings.ToLower(src.Dest)
	if src.Role == "runtime" && name == "device" && p.GPU {
		def, _ := src.Default.(string)
		if def != "" && devices[strings.ToLower(def)] || strings.HasPrefix(strings.ToLower(def), "cuda") {
			return nil
		}
		if len(src.Choices) > 0 && !contains(src.Choices, "cuda") {
			return nil
		}
		return map[string]any{"kind": argConst, "flag": src.Flag, "value": "cuda"}
	}
	if !src.Required {
		return nil
	}
	v := src.Example
	if s, ok := src.Default.(string); ok && v == "" {
		v = s
	}
	if v == "" {
		return nil
	}
	return map[string]any{"kind": argConst, "flag": src.Flag, "value": v}
}
