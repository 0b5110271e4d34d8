package generators

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/cogport/cogport/generators/pyfmt"
	"github.com/cogport/cogport/plan"
)

// The two cog entry points (DESIGN §1.1). Recipes record the one asked for
// in Vars["CogAPI"]; the default is predict, importable by every cog from
// 0.16.
const (
	apiPredict = "predict"
	apiRun     = "run"
)

// runAPI reports whether the package uses cog's run API: run.py with a
// Runner(BaseRunner), `run:` in cog.yaml (cog 0.20 and newer).
func runAPI(p *plan.Plan) bool { return p.Vars["CogAPI"] == apiRun }

// cogAPI names the plan's entry point, for the provenance.
func cogAPI(p *plan.Plan) string {
	if runAPI(p) {
		return apiRun
	}
	return apiPredict
}

// entryFile is the file holding the predictor (or runner).
func entryFile(p *plan.Plan) string {
	if runAPI(p) {
		return "run.py"
	}
	return "predict.py"
}

// isAsync reports whether the recipe's predictor is async: async def setup
// and predict, an AsyncConcatenateIterator, concurrency above one.
func isAsync(p *plan.Plan) bool { return p.Vars["Async"] == true }

// streams reports whether the output is an iterator, which the run API
// marks with @cog.streaming so clients may ask for server-sent events.
func streams(p *plan.Plan) bool { return strings.Contains(p.Output.Type, "Iterator[") }

// concurrentMax is the @cog.concurrent(max=N) of a run-API async runner.
func concurrentMax(p *plan.Plan) int64 {
	switch n := p.Vars["ConcurrentMax"].(type) {
	case int:
		return int64(n)
	case int64:
		return n
	case float64:
		return int64(n)
	}
	return 0
}

// decorators are the lines above run(): @cog.streaming for iterator outputs
// (without it SSE requests get 406) and @cog.concurrent for async runners
// (DESIGN §1.6). The predict API takes neither: cog 0.16-0.20 lack them.
func decorators(p *plan.Plan) string {
	if !runAPI(p) {
		return ""
	}
	var b strings.Builder
	if streams(p) {
		b.WriteString("    @cog.streaming\n")
	}
	if n := concurrentMax(p); n > 0 {
		fmt.Fprintf(&b, "    @cog.concurrent(max=%d)\n", n)
	}
	return b.String()
}

// usesCogModule reports whether the entry file needs `import cog` (for the
// decorators).
func usesCogModule(p *plan.Plan) bool { return decorators(p) != "" }

// minCog is the oldest cog that builds and runs the package.
func minCog(p *plan.Plan) string {
	switch {
	case runAPI(p) && usesCogModule(p):
		return "v0.22"
	case runAPI(p):
		return "v0.20"
	}
	return "v0.16"
}

// toRunAPI turns a rendered predict template into run.py: the one class
// line becomes the Runner. signature() already wrote `def run` and
// cogImports BaseRunner, so this is the only text the templates fix.
func toRunAPI(body []byte) ([]byte, error) {
	const predictor, runner = "\nclass Predictor(BasePredictor):\n", "\nclass Runner(BaseRunner):\n"
	if n := bytes.Count(body, []byte(predictor)); n != 1 {
		return nil, fmt.Errorf("the predict template has %d `class Predictor(BasePredictor):` lines, want 1, so it cannot become run.py", n)
	}
	return bytes.Replace(body, []byte(predictor), []byte(runner), 1), nil
}

// trainInputs reads the training inputs a recipe put in Vars["TrainInputs"]:
// []plan.Input when the recipe made the plan, JSON-decoded maps when it
// came back from a provenance file.
func trainInputs(p *plan.Plan) ([]plan.Input, error) {
	switch v := p.Vars["TrainInputs"].(type) {
	case nil:
		return nil, nil
	case []plan.Input:
		return v, nil
	default:
		raw, err := json.Marshal(v)
		if err != nil {
			return nil, fmt.Errorf("train inputs: %w", err)
		}
		decoded, err := plan.Decode([]byte(`{"inputs":` + string(raw) + `}`))
		if err != nil {
			return nil, fmt.Errorf("train inputs: %w", err)
		}
		return decoded.Inputs, nil
	}
}

// trainSignature renders train()'s def line, a module-level function
// returning the recipe's TrainingOutput.
func trainSignature(p *plan.Plan) (string, error) {
	ins, err := trainInputs(p)
	if err != nil {
		return "", err
	}
	params, err := inputParams(ins)
	if err != nil {
		return "", err
	}
	// Module level: black puts the arguments at indent 4, not predict()'s 8
	// (choicesArg's layout assumes 8; training inputs have short choices).
	return pyfmt.Def(0, "train", params, " -> TrainingOutput"), nil
}

// training reports whether the package has train.py.
func training(p *plan.Plan) bool { return p.Vars["Train"] == true }

// concurrency is how many predictions one container takes at once:
// cog.yaml's concurrency.max, or @cog.concurrent's max with the run API.
func concurrency(p *plan.Plan) int64 {
	if p.Concurrency > 0 {
		return int64(p.Concurrency)
	}
	return concurrentMax(p)
}
