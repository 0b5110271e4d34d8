package recipes

import (
	"fmt"
	"path"
	"regexp"
	"strings"

	"github.com/cogport/cogport/facts"
	"github.com/cogport/cogport/generators/pyfmt"
	"github.com/cogport/cogport/plan"
)

// peftAdapter packages a PEFT adapter (LoRA and friends) for a language
// model: the package downloads the base model's weights like any package,
// then the adapter from its own repository, both pinned to a commit, and
// applies it with peft's PeftModel.from_pretrained.
//
// The base model's facts (its class, configs, files, gating) are a second
// model: the caller loads them from the Hub, for the id PeftBase names,
// into Options.Base. Plan stays pure.
type peftAdapter struct{}

func (peftAdapter) Info() Info {
	return Info{Name: "peft-adapter", Tasks: []string{"text-generation", "text2text-generation", "summarization", "translation"},
		Libraries: []string{"peft"},
		Summary:   "PEFT adapters of language models: the base model from the Hub with the adapter applied, streaming or seq2seq"}
}

func (peftAdapter) Match(m *facts.Model, c Class) bool { return c.Library == "peft" }

func (peftAdapter) Needs(*facts.Model, Class) []string {
	return []string{"adapter_config.json", "tokenizer_config.json"}
}

// hubIDs are Hub repository ids: org/name, or a legacy name without an org
// (gpt2, t5-small), which a local folder name also looks like.
var (
	orgID    = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*/[A-Za-z0-9][A-Za-z0-9._-]*$`)
	legacyID = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9._-]*$`)
)

// PeftBase names the base model of a PEFT adapter: adapter_config.json's
// base_model_name_or_path (fetched, or the model info's config.peft), else a
// base_model:adapter: tag, else the card's base_model; an org/name id wins
// over a bare name, which may be a trainer's local folder. revision is
// adapter_config.json's revision, usually empty (the base's main branch).
// ok is false when m is not an adapter or names no Hub id.
//
// The caller loads that model (model info, card, the configs its recipe
// needs) and passes it as Options.Base.
func PeftBase(m *facts.Model) (id, revision string, ok bool) {
	if Classify(m).Library != "peft" {
		return "", "", false
	}
	candidates := []string{adapterField(m, "base_model_name_or_path")}
	candidates = append(candidates, m.TagValues("base_model:adapter:")...)
	candidates = append(candidates, m.Card.MetaStrings("base_model")...)
	for _, pattern := range []*regexp.Regexp{orgID, legacyID} {
		for _, c := range candidates {
			if pattern.MatchString(c) && !strings.Contains(c, "..") {
				return c, adapterField(m, "revision"), true
			}
		}
	}
	return "", "", false
}

func (r peftAdapter) Plan(m *facts.Model, c Class, o Options) (*plan.Plan, error) {
	b, err := adapterBase(m, o)
	if err != nil {
		return nil, err
	}
	p := base(m, c, o, r.Info().Name, "")
	bc := Classify(b)
	// PEFT's task_type says how the adapter was trained; a card's
	// pipeline_tag (translation for a translation LLM's adapter) only
	// decides when it is missing.
	kind := adapterField(m, "task_type")
	switch {
	case (kind == "CAUSAL_LM" || kind == "" && c.Task == "text-generation") && isCausalLM(b, bc):
		p.Template = "transformers_text_generation"
		tok := b
		if shipsTokenizer(m) {
			tok = m
		}
		err = planTextGeneration(p, b, tok, o)
	case (kind == "SEQ_2_SEQ_LM" || kind == "" && seq2seqTasks[c.Task]) && isSeq2SeqLM(b):
		p.Template = "transformers_seq2seq"
		err = planSeq2Seq(p, b, m, c, o)
	default:
		return nil, fmt.Errorf("%w for PEFT adapters of task %s (task_type %s) on %s (%s) yet: cogport applies adapters to causal and seq2seq language models",
			ErrNoRecipe, orUnknown(c.Task), orUnknown(kind), b.ID, orUnknown(bc.Architecture))
	}
	if err != nil {
		return nil, fmt.Errorf("base model %s: %w", b.ID, err)
	}
	if err := usePeftAdapter(p, m, b); err != nil {
		return nil, err
	}
	return p, nil
}

// isCausalLM reports whether the base model generates text left to right:
// the Hub's auto class when it says, else the architecture, where GPT-2 and
// its kin (GPT2LMHeadModel, OpenAIGPTLMHeadModel) end in LMHeadModel rather
// than ForCausalLM.
func isCausalLM(b *facts.Model, bc Class) bool {
	if b.TransformersInfo.AutoModel != "" {
		return b.TransformersInfo.AutoModel == "AutoModelForCausalLM"
	}
	return strings.HasSuffix(bc.Architecture, "ForCausalLM") ||
		strings.HasSuffix(bc.Architecture, "LMHeadModel") && !isSeq2SeqLM(b)
}

// adapterBase checks that the base model's facts are there and usable.
func adapterBase(m *facts.Model, o Options) (*facts.Model, error) {
	id, _, ok := PeftBase(m)
	switch {
	case !ok:
		return nil, fmt.Errorf("%s is a PEFT adapter, but neither its adapter_config.json (base_model_name_or_path %q) nor its card names a base model on the Hub: add base_model to its card",
			displayID(m), adapterField(m, "base_model_name_or_path"))
	case o.Base == nil:
		return nil, fmt.Errorf("%s is a PEFT adapter for %s: packaging it needs the base model's facts from the Hub, which were not loaded", displayID(m), id)
	case m.ID == "":
		return nil, fmt.Errorf("%s is a PEFT adapter: the package downloads it from the Hub, so pass --repo-id with the repository it came from", displayID(m))
	case len(remoteCode(o.Base)) > 0 && !o.TrustRemoteCode:
		return nil, fmt.Errorf("%w: the base model %s runs Python from its own repository (%s); read that code, then pass --trust-remote-code to package the adapter",
			ErrRemoteCode, o.Base.ID, strings.Join(remoteCode(o.Base), ", "))
	}
	return o.Base, nil
}

// usePeftAdapter adds what the templates need to download and apply the
// adapter: its repository, commit and files, whether it brings a tokenizer,
// and whether its weights can be folded into the base model.
func usePeftAdapter(p *plan.Plan, m, b *facts.Model) error {
	sel, _, err := selectWeights(m, Class{Library: "peft"}, "")
	if err != nil {
		return fmt.Errorf("adapter %s: %w", m.ID, err)
	}
	files := make([]string, len(sel.Files))
	for i, f := range sel.Files {
		files[i] = pyfmt.Str(literalPattern(f.Path))
	}
	rev := m.SHA
	if rev == "" {
		rev = "main"
	}
	kind := strings.ToUpper(adapterField(m, "peft_type"))
	tokenizer := shipsTokenizer(m)
	if gated, _ := p.Vars["Gated"].(bool); !gated && (m.Gated != "" || m.Private) {
		addTokenInput(p)
	}
	args := []string{"ADAPTER_REPO", "revision=ADAPTER_REVISION", "allow_patterns=ADAPTER_FILES", "local_dir=ADAPTER_DIR"}
	if gated, _ := p.Vars["Gated"].(bool); gated {
		args = append(args, "token=token")
	}
	p.Requirements = append(p.Requirements, plan.Requirement{Name: "peft", Version: transformersStack.versions["peft"]})
	p.Library = "peft"
	p.Vars["Adapter"] = true
	p.Vars["AdapterRepo"] = m.ID
	p.Vars["AdapterRevision"] = rev
	p.Vars["AdapterType"] = firstNonEmpty(kind, "adapter")
	p.Vars["AdapterFiles"] = files
	p.Vars["AdapterArgs"] = args
	p.Vars["AdapterTokenizer"] = tokenizer
	p.Vars["AdapterMerge"] = mergeable[kind]
	if tokenizer {
		p.Vars["TokenizerArgs"] = []string{"adapter_dir"}
	}
	p.Warn(fmt.Sprintf("PEFT adapter on the base model %s (commit %s): weights.json lists the base model's files; setup() downloads the adapter's %d files (%s) from %s at commit %s",
		b.ID, firstNonEmpty(b.SHA, "unknown"), len(sel.Files), humanBytes(sel.TotalBytes), m.ID, rev))
	if l := license(b); l.ID != "" && l.ID != p.License.ID {
		p.Warn(fmt.Sprintf("the base model %s has its own license (%s): its terms apply to this package too", b.ID, firstNonEmpty(l.Name, l.ID)))
	}
	return nil
}

// mergeable are the PEFT types whose weights merge_and_unload folds into
// the base model; prompt and prefix tuning stay separate modules.
var mergeable = map[string]bool{"LORA": true, "LOHA": true, "LOKR": true, "IA3": true, "ADALORA": true, "BOFT": true, "OFT": true}

// shipsTokenizer reports whether the adapter repository holds a tokenizer
// at its root: then it is the one the adapter was trained with.
func shipsTokenizer(m *facts.Model) bool {
	return m.HasFile("tokenizer_config.json") || m.HasFile("tokenizer.json")
}

// literalPattern is an allow_patterns entry that matches path alone.
func literalPattern(p string) string {
	var b strings.Builder
	for _, r := range path.Clean(p) {
		if r == '*' || r == '?' || r == '[' {
			b.WriteString("[" + string(r) + "]")
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// humanBytes prints n in decimal units, as the Hub does.
func humanBytes(n int64) string {
	switch {
	case n >= 1_000_000_000:
		return fmt.Sprintf("%.1f GB", float64(n)/1e9)
	case n >= 1_000_000:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	case n >= 1_000:
		return fmt.Sprintf("%.1f kB", float64(n)/1e3)
	}
	return fmt.Sprintf("%d B", n)
}
