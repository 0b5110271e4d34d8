package generators

import (
	"encoding/json"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/cogport/cogport/plan"
)

// runTemplates is a predictor template like the recipes': one Predictor
// class, the signature, and a train.py reading its own signature.
var runTemplates = fstest.MapFS{
	"predict/custom.py.tmpl": {Data: []byte(`{{ cogImports . }}


class Predictor(BasePredictor):
{{ signature . }}
        yield prompt
`)},
	"train/custom.py.tmpl": {Data: []byte(`from cog import BaseModel, Input, Path


class TrainingOutput(BaseModel):
    weights: Path


{{ trainSignature . }}
    return TrainingOutput(weights=Path(data))
`)},
}

func asyncRunPlan() *plan.Plan {
	p := testPlan("x")
	p.Output = plan.Output{Type: "AsyncConcatenateIterator[str]"}
	p.Vars["Async"] = true
	p.Vars["CogAPI"] = apiRun
	p.Vars["ConcurrentMax"] = 8
	p.Vars["Train"] = true
	p.Vars["TrainDoc"] = "trains."
	p.Vars["TrainExample"] = "-i data=@x.zip"
	p.Vars["TrainTimeout"] = 60
	p.Vars["TrainInputs"] = []plan.Input{
		{Name: "data", Type: "Path", Description: "Training data."},
		{Name: "steps", Type: "int", Default: int64(100), Ge: plan.F(1), Le: plan.F(1000), Description: "Steps."},
	}
	p.Vars["ExtraFiles"] = []string{"train.py=train/custom.py.tmpl"}
	return p
}

func renderMap(t *testing.T, r *Renderer, p *plan.Plan) map[string]string {
	t.Helper()
	files, err := r.Render(p)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, f := range files {
		out[f.Path] = string(f.Body)
	}
	return out
}

func TestRunAPI(t *testing.T) {
	r, err := LoadWith(runTemplates)
	if err != nil {
		t.Fatal(err)
	}
	files := renderMap(t, r, asyncRunPlan())
	run := files["run.py"]
	for _, want := range []string{"import cog\nfrom cog import AsyncConcatenateIterator, BaseRunner, Input",
		"class Runner(BaseRunner):", "    @cog.streaming\n    @cog.concurrent(max=8)\n    async def run(\n"} {
		if !strings.Contains(run, want) {
			t.Errorf("run.py lacks %q:\n%s", want, run)
		}
	}
	for _, gone := range []string{"predict.py", "cog-safe-push-configs/default.yaml"} {
		if _, ok := files[gone]; ok {
			t.Errorf("%s is written with the run API", gone)
		}
	}
	if y := files["cog.yaml"]; !strings.Contains(y, `run: "run.py:Runner"`) || strings.Contains(y, "\npredict:") || !strings.Contains(y, `train: "train.py:train"`) {
		t.Errorf("cog.yaml:\n%s", y)
	}
	if push := files["script/push"]; !strings.Contains(push, "cogport lint .") || strings.Contains(push, "args=(--config") {
		t.Errorf("script/push:\n%s", push)
	}
	if train := files["train.py"]; !strings.Contains(train, "def train(\n    data: Path = Input(") {
		t.Errorf("train.py:\n%s", train)
	}
}

func TestPredictAPIStaysImportableEverywhere(t *testing.T) {
	r, err := LoadWith(runTemplates)
	if err != nil {
		t.Fatal(err)
	}
	p := asyncRunPlan()
	p.Vars["CogAPI"] = apiPredict
	p.Concurrency, p.Vars["ConcurrentMax"] = 8, nil
	files := renderMap(t, r, p)
	if pred := files["predict.py"]; strings.Contains(pred, "@cog.") || !strings.Contains(pred, "    async def predict(") {
		t.Errorf("predict.py (no decorators: cog 0.16-0.20 lack them):\n%s", pred)
	}
	if y := files["cog.yaml"]; !strings.Contains(y, "concurrency:\n  max: 8") {
		t.Errorf("cog.yaml:\n%s", y)
	}
}

// TestRunAPIPlanSurvivesTheProvenance: template refresh renders from the
// plan the provenance keeps, decoded from JSON; it must give the same files.
func TestRunAPIPlanSurvivesTheProvenance(t *testing.T) {
	r, err := LoadWith(runTemplates)
	if err != nil {
		t.Fatal(err)
	}
	p := asyncRunPlan()
	raw, err := json.Marshal(p)
	if err != nil {
		t.Fatal(err)
	}
	back, err := plan.Decode(raw)
	if err != nil {
		t.Fatal(err)
	}
	before, after := renderMap(t, r, p), renderMap(t, r, back)
	for path, body := range before {
		if after[path] != body {
			t.Errorf("%s differs after the provenance round trip:\n%s\n---\n%s", path, body, after[path])
		}
	}
}

func TestToRunAPINeedsOnePredictorClass(t *testing.T) {
	if _, err := toRunAPI([]byte("import cog\n\nclass Other:\n    pass\n")); err == nil {
		t.Error("a template without the Predictor class cannot become run.py")
	}
}
