package comfycmd

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"testing"
	"time"
)

// TestGeneratedPackageRuns runs the generated predict.py and weights.py
// for real, against testdata/runtime's stand-ins for ComfyUI's server, pget
// and cog's SDK: models land in their folders, inputs reach their nodes,
// files are staged and returned, and ComfyUI's errors come back explained.
func TestGeneratedPackageRuns(t *testing.T) {
	python, err := exec.LookPath("python3")
	if err != nil {
		t.Skip("python3 is not installed: the generated package cannot be run")
	}
	if exec.Command(python, "-c", "import sys; sys.exit(sys.version_info < (3, 9))").Run() != nil {
		t.Skip("python3 is older than 3.9, which the generated package needs")
	}
	runtime, err := filepath.Abs(filepath.Join("testdata", "runtime"))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "pkg")
	if r := run(t, "", filepath.Join(runtime, "workflow.json"), "-o", out, "-q"); r.code != 0 {
		t.Fatalf("exit %d: %s", r.code, r.stderr)
	}
	work := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, python, filepath.Join(runtime, "driver.py"), out, work)
	cmd.Env = append(os.Environ(),
		"PATH="+runtime+string(os.PathListSeparator)+os.Getenv("PATH"),
		"PGET_LOG="+filepath.Join(work, "pget.log"),
		"COMFYUI_PORT="+strconv.Itoa(freePort(t)),
		"PYTHONDONTWRITEBYTECODE=1")
	logs, err := cmd.CombinedOutput()
	t.Logf("%s", logs)
	if err != nil {
		t.Fatalf("the generated package failed: %v", err)
	}
}

// freePort is a loopback port nothing listens on now.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
