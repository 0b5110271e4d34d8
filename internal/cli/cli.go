// Package cli wires cogport's commands into one cobra tree and runs it:
// main calls Run and exits with what it returns.
package cli

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/spf13/cobra"

	"github.com/cogport/cogport/internal/buildinfo"
	"github.com/cogport/cogport/internal/cli/cmdutil"
	"github.com/cogport/cogport/internal/cli/comfycmd"
	"github.com/cogport/cogport/internal/cli/githubcmd"
	"github.com/cogport/cogport/internal/cli/hfcmd"
	"github.com/cogport/cogport/internal/cli/lintcmd"
	"github.com/cogport/cogport/internal/cli/recipescmd"
	"github.com/cogport/cogport/internal/cli/templatecmd"
)

// Run runs cogport with args (without the program name) and returns the
// exit status: 0 success, 1 failure, 2 usage.
func Run(args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	home, _ := os.UserHomeDir()
	streams := &cmdutil.IO{In: stdin, Out: stdout, Err: stderr, Getenv: os.Getenv, Home: home}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return RunWith(ctx, args, streams)
}

// RunWith is Run with the streams and environment given, for tests.
func RunWith(ctx context.Context, args []string, streams *cmdutil.IO) int {
	root := NewRoot(streams)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return cmdutil.ExitOK
	}
	var silent *cmdutil.SilentError
	if errors.As(err, &silent) {
		return silent.Code
	}
	if errors.Is(err, lintcmd.ErrFindings) {
		// lint has printed its findings; the status says there were errors.
		return cmdutil.ExitFailure
	}
	code := cmdutil.Code(err)
	if isUsage(err) {
		code = cmdutil.ExitUsage
	}
	fmt.Fprintf(streams.Err, "cogport: %s\n", oneLine(err.Error()))
	if code == cmdutil.ExitUsage {
		fmt.Fprintln(streams.Err, "Run 'cogport --help' for usage.")
	}
	return code
}

// NewRoot builds the command tree.
func NewRoot(streams *cmdutil.IO) *cobra.Command {
	root := &cobra.Command{
		Use:   "cogport",
		Short: "Turn a model into a ready-to-push Cog package for Replicate",
		Long: `cogport turns a model into a Cog package for Replicate: cog.yaml, predict.py with
typed and described inputs, pinned requirements, weights that download fast and
exactly once, a cog-safe-push config, CI and scripts.

  cogport hf org/model -o DIR         a Hugging Face model (Hub API, card, configs)
  cogport hf ./snapshot -o DIR        the same from a folder on disk, offline
  cogport comfy workflow.json -o DIR  a ComfyUI workflow (UI or API format)
  cogport github owner/repo -o DIR    a model's own repository: its code, plus cogport's files
  cogport recipes                     what cogport knows how to package
  cogport template refresh [DIR]      bring newer templates into a package, keeping edits
  cogport lint [DIR]                  judge any Cog package against cog's rules`,
		Version:       buildinfo.Version,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(streams.In)
	root.SetOut(streams.Out)
	root.SetErr(streams.Err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error {
		return cmdutil.UsageErrorf("%w", err)
	})
	root.AddCommand(
		hfcmd.NewCmd(streams, nil),
		comfycmd.NewCmd(streams, nil),
		githubcmd.NewCmd(streams, nil),
		recipescmd.NewCmd(streams),
		templatecmd.NewCmd(streams),
		lintcmd.NewCmd(streams.Out, streams.Err),
	)
	return root
}

// isUsage recognises cobra's own argument errors.
func isUsage(err error) bool {
	msg := err.Error()
	for _, s := range []string{"unknown command", "unknown flag", "unknown shorthand flag", "accepts ", "requires at least", "invalid argument"} {
		if strings.Contains(msg, s) {
			return true
		}
	}
	return false
}

// oneLine keeps an error to one line on the terminal.
func oneLine(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\n", " ")), " ")
}
