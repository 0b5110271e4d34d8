package lint

import (
	"errors"
	"fmt"

	"github.com/replicate/cog/pkg/schema"
	"gopkg.in/yaml.v3"
)

var (
	ruleEntryMissing  = Rule{"entrypoint-missing", Error, "cog.yaml names neither predict nor run"}
	ruleRunAndPredict = Rule{"run-and-predict", Error,
		"cog.yaml sets both run and predict, or the predictor class defines both run() and predict()"}
	ruleSafePushNeedsPredict = Rule{"safe-push-needs-predict", Error,
		"cog-safe-push configs with run: in cog.yaml: cog-safe-push only lints the file named by predict:"}
	ruleSchemaError = Rule{"schema-error", Error, "cog v0.22's static schema generator rejects the predictor or trainer"}
)

func entryPointCheck() Check {
	return Check{
		ID:    "entrypoint",
		Rules: []Rule{ruleEntryMissing, ruleRunAndPredict, ruleSafePushNeedsPredict},
		Run:   checkEntryPoint,
	}
}

func checkEntryPoint(p *Package) []Finding {
	if p.CogYAML == nil || p.CogYAML.Err != nil || (p.CogYAML.Root != nil && p.CogYAML.Root.Kind != yaml.MappingNode) {
		return nil
	}
	root := p.CogYAML.Root
	runKey, runVal := mapGet(root, "run")
	predictKey, predictVal := mapGet(root, "predict")
	hasRun := runVal != nil && runVal.Value != ""
	hasPredict := predictVal != nil && predictVal.Value != ""
	var out []Finding
	switch {
	case !hasRun && !hasPredict:
		out = append(out, ruleEntryMissing.at("cog.yaml", 0, `add predict: "predict.py:Predictor"`,
			"cog.yaml has no predict (or run) entry point, so the model cannot run"))
	case hasRun && hasPredict:
		out = append(out, ruleRunAndPredict.at("cog.yaml", runKey.Line,
			"keep predict: (cog 0.16-0.22, cog-safe-push) or run: (cog ≥0.20), not both",
			"cog.yaml sets both run (line %d) and predict (line %d); cog refuses it", runKey.Line, predictKey.Line))
	}
	if hasRun && len(p.SafePush) > 0 {
		out = append(out, ruleSafePushNeedsPredict.at("cog.yaml", runKey.Line,
			`use predict: "predict.py:Predictor", or push with cog push and cogport lint instead of cog-safe-push`,
			"cog-safe-push (%s) stops with \"cog.yaml doesn't have a valid predict stanza\" when cog.yaml uses run:",
			p.SafePush[0].Path))
	}
	if e := p.Predict; e != nil && e.Source != nil {
		if class := e.Source.definition(e.Symbol); class != nil && class.Type() == "class_definition" {
			ms := e.Source.methods(class)
			if ms["run"] != nil && ms["predict"] != nil {
				out = append(out, ruleRunAndPredict.at(e.File, e.Source.line(ms["run"]),
					"keep one of run() and predict()",
					"%s defines both run() and predict(): cog raises ValueError at container start", e.Symbol))
			}
		}
	}
	return out
}

func schemaCheck() Check {
	return Check{ID: "schema", Rules: []Rule{ruleSchemaError}, Run: checkSchema}
}

func checkSchema(p *Package) []Finding {
	var out []Finding
	for _, e := range []*Entry{p.Predict, p.Train} {
		if e == nil || e.SchemaErr == nil {
			continue
		}
		file, line := "cog.yaml", e.Line
		if e.Source != nil {
			file, line = e.File, 0
			if fn := e.function(); fn != nil {
				line = e.Source.line(fn)
			} else if def := e.Source.definition(e.Symbol); def != nil {
				line = e.Source.line(def)
			}
		}
		out = append(out, ruleSchemaError.at(file, line,
			"fix the signature: every parameter annotated with a supported type, literal Input() arguments, a return annotation",
			"cog cannot generate the %s schema for %s: %s", e.Key, e.Ref, describeSchemaError(e.SchemaErr)))
	}
	return out
}

// describeSchemaError spells out the cog errors whose message is only a
// name.
func describeSchemaError(err error) string {
	var se *schema.SchemaError
	if !errors.As(err, &se) {
		return err.Error()
	}
	switch se.Kind {
	case schema.ErrMissingReturnType:
		return fmt.Sprintf("%s() has no return type annotation", se.Message)
	case schema.ErrPredictorNotFound:
		return fmt.Sprintf("no class or function %q in the file", se.Message)
	}
	return se.Message
}
