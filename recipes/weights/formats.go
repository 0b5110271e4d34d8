package weights

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
)

// onnxVariant splits an ONNX graph name into the graph and the
// optimum/transformers.js export variant: decoder_model_merged_quantized is
// decoder_model_merged, quantized.
var onnxVariant = regexp.MustCompile(`^(.+?)_(fp16|q4f16|q4|int8|uint8|bnb4|quantized|O[1-4]|q?u?int8_[A-Za-z0-9_]+)$`)

// ggufQuantPreference is the order an unspecified GGUF quantization is
// picked in: the common size/quality middle first, full precision last.
var ggufQuantPreference = []string{
	"Q4_K_M", "Q4_K_S", "Q5_K_M", "Q5_K_S", "Q6_K", "Q8_0", "IQ4_XS", "Q4_0", "BF16", "F16", "F32",
}

// onnxGraph is the graph file a .onnx or external-data file belongs to.
func onnxGraph(e *entry) (dir, graph, variant string) {
	i := strings.Index(e.base, ".onnx")
	stem := e.base[:i]
	graph = stem
	if m := onnxVariant.FindStringSubmatch(stem); m != nil {
		graph, variant = m[1], m[2]
	}
	return e.dir(), graph, variant
}

// chooseONNX keeps one variant of each ONNX graph in a component (the
// requested Options.Variant, else full precision) with its external data.
func (s *selector) chooseONNX(es []*entry) {
	have := map[string][]string{} // dir/graph → variants
	for _, e := range es {
		if e.weight && strings.HasSuffix(e.base, ".onnx") {
			dir, graph, v := onnxGraph(e)
			key := dir + "/" + graph
			if !slices.Contains(have[key], v) {
				have[key] = append(have[key], v)
			}
		}
	}
	want := s.o.Variant
	if want == "none" || want == "fp32" {
		want = ""
	}
	for _, e := range es {
		if !e.weight {
			continue
		}
		dir, graph, v := onnxGraph(e)
		vs := have[dir+"/"+graph]
		if len(vs) == 0 {
			continue // external data without a graph: keep it
		}
		pick := pickONNX(vs, want)
		if v != pick {
			e.reason = fmt.Sprintf("onnx %s variant not selected (%s chosen)", label(v), label(pick))
		}
	}
}

func pickONNX(have []string, want string) string {
	for _, v := range []string{want, ""} {
		if slices.Contains(have, v) {
			return v
		}
	}
	slices.Sort(have)
	return have[0]
}

func label(variant string) string {
	if variant == "" {
		return "full-precision"
	}
	return variant
}

// selectGGUF keeps one GGUF model (every shard of one quantization) and one
// multimodal projector when the repository has them; llama.cpp needs nothing
// else, so configs are skipped too.
func (s *selector) selectGGUF() error {
	groups := map[string][]*entry{}
	var keys, projectors []string
	for _, e := range s.kept() {
		if !e.weight {
			e.reason = "not used with gguf weights"
			continue
		}
		key := e.dir() + "/" + shardSuffix.ReplaceAllString(strings.TrimSuffix(e.base, ".gguf"), "")
		if _, ok := groups[key]; !ok {
			if strings.Contains(strings.ToLower(e.base), "mmproj") {
				projectors = append(projectors, key)
			} else {
				keys = append(keys, key)
			}
		}
		groups[key] = append(groups[key], e)
	}
	if len(keys) == 0 {
		return nil // result reports ErrNoWeights
	}
	model, err := pickQuant(keys, s.o.Quant)
	if err != nil {
		return err
	}
	projector := ""
	if len(projectors) > 0 {
		slices.Sort(projectors)
		projector = projectors[0]
		if f16 := withQuant(projectors, "F16"); len(f16) > 0 {
			projector = f16[0]
		}
	}
	for key, es := range groups {
		if key == model || key == projector {
			continue
		}
		for _, e := range es {
			e.reason = fmt.Sprintf("gguf file not selected (%s chosen)", strings.TrimPrefix(model, "/"))
		}
	}
	return nil
}

// pickQuant finds the one GGUF model whose name carries the quantization
// (case-insensitive, as a whole token), or by ggufQuantPreference when none
// was asked for.
func pickQuant(keys []string, want string) (string, error) {
	slices.Sort(keys)
	if want != "" {
		found := withQuant(keys, want)
		switch len(found) {
		case 1:
			return found[0], nil
		case 0:
			return "", fmt.Errorf("no gguf file has quantization %q (have %s)", want, strings.Join(keys, ", "))
		}
		return "", fmt.Errorf("quantization %q matches several gguf files: %s", want, strings.Join(found, ", "))
	}
	for _, q := range ggufQuantPreference {
		if found := withQuant(keys, q); len(found) > 0 {
			return found[0], nil
		}
	}
	if len(keys) == 1 {
		return keys[0], nil
	}
	return "", fmt.Errorf("several gguf files and no known quantization among them; choose one: %s", strings.Join(keys, ", "))
}

func withQuant(keys []string, quant string) []string {
	re := regexp.MustCompile(`(?i)(^|[-._/])` + regexp.QuoteMeta(quant) + `($|[-./])`)
	var out []string
	for _, k := range keys {
		if re.MatchString(k) {
			out = append(out, k)
		}
	}
	return out
}
