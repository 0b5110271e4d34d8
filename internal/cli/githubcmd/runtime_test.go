package githubcmd

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// stubCog is the part of cog's Python SDK a predictor touches at import
// time, so that the generated predict.py can run here without cog.
const stubCog = `import pathlib


class BasePredictor:
    pass


def Input(default=None, **kwargs):
    return default


Path = pathlib.Path
`

const echoScript = `import argparse
import os
import sys

parser = argparse.ArgumentParser(description="Repeat a text file.")
parser.add_argument("--input", required=True, help="Path to the input text file")
parser.add_argument("--times", type=int, default=2, help="How many times to repeat it")
parser.add_argument("--shout", action="store_true", help="Upper-case the text")
parser.add_argument("--output_dir", default="out", help="Folder to write the result to")
args = parser.parse_args()
with open(args.input) as f:
    text = f.read()
if args.shout:
    text = text.upper()
os.makedirs(args.output_dir, exist_ok=True)
with open(os.path.join(args.output_dir, "result.txt"), "w") as f:
    f.write(text * args.times)
print("repeated", args.times, "times", file=sys.stderr)
`

// driver runs the generated predictor's setup() and predict() as cog would.
const driver = `import sys
from pathlib import Path

from predict import Predictor

p = Predictor()
p.setup()
out = p.predict(input_file=Path(sys.argv[1]), times=3, shout=True)
print("OUTPUT", [f.name for f in out], Path(out[0]).read_text())
try:
    p.predict(input_file=Path("/nonexistent.txt"), times=1, shout=False)
except RuntimeError as e:
    print("ERROR", str(e).replace("\n", " | "))
`

func TestGeneratedPredictorRunsTheScript(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed")
	}
	src := t.TempDir()
	writeFiles(t, src, map[string]string{"repeat.py": echoScript, "README.md": "# Repeat\n\n```bash\npython repeat.py --input notes.txt\n```\n"})
	out := filepath.Join(t.TempDir(), "pkg")
	if r := run(t, nil, src, "-o", out, "-q"); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	stub := t.TempDir()
	writeFiles(t, stub, map[string]string{"cog.py": stubCog, "drive.py": driver, "in.txt": "hi "})
	cmd := exec.Command(py, filepath.Join(stub, "drive.py"), filepath.Join(stub, "in.txt"))
	cmd.Dir = out
	cmd.Env = append(os.Environ(), "PYTHONPATH="+out+string(os.PathListSeparator)+stub)
	got, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("the predictor failed: %v\n%s", err, got)
	}
	s := string(got)
	if !strings.Contains(s, "OUTPUT ['result.txt'] HI HI HI") {
		t.Errorf("predict() did not return the script's file:\n%s", s)
	}
	if !strings.Contains(s, "ERROR repeat.py failed with exit status 1") || !strings.Contains(s, "FileNotFoundError") {
		t.Errorf("a failing script does not give a clear error:\n%s", s)
	}
	if !strings.Contains(s, "repeated 3 times") {
		t.Errorf("the script's stderr is not in the logs:\n%s", s)
	}
}
