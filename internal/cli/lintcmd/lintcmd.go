// Package lintcmd is the `cogport lint` command: it runs the lint engine
// (package lint) on package directories and prints the findings.
package lintcmd

import (
	"errors"
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/cogport/cogport/lint"
)

// ErrFindings is returned when a package has error findings; the CLI maps
// it to exit status 1 without printing it again.
var ErrFindings = errors.New("lint found errors")

// NewCmd returns `cogport lint [--json] [DIR...]`.
func NewCmd(stdout, stderr io.Writer) *cobra.Command {
	var asJSON, listRules bool
	cmd := &cobra.Command{
		Use:   "lint [DIR...]",
		Short: "Judge Cog packages the way cog, Replicate and cog-safe-push will",
		Long: "Lint checks each package directory (default: the current one) with cog v0.22's own config\n" +
			"loader and schema generator, the cog.yaml schemas, cog-safe-push's config rules and the\n" +
			"problems cog lets through silently. It exits 1 when any finding is an error.",
		SilenceUsage:  true,
		SilenceErrors: true,
		RunE: func(cmd *cobra.Command, args []string) error {
			if listRules {
				return printRules(stdout)
			}
			return run(stdout, args, asJSON)
		},
	}
	cmd.SetOut(stdout)
	cmd.SetErr(stderr)
	cmd.Flags().BoolVar(&asJSON, "json", false, "print one JSON report per package")
	cmd.Flags().BoolVar(&listRules, "rules", false, "list the rules and exit")
	return cmd
}

func run(stdout io.Writer, dirs []string, asJSON bool) error {
	if len(dirs) == 0 {
		dirs = []string{"."}
	}
	failed := false
	for _, dir := range dirs {
		r, err := lint.Lint(dir)
		if err != nil {
			return fmt.Errorf("lint %q: %w", dir, err)
		}
		render := lint.RenderText
		if asJSON {
			render = lint.RenderJSON
		}
		if err := render(stdout, r); err != nil {
			return err
		}
		failed = failed || r.HasErrors()
	}
	if failed {
		return ErrFindings
	}
	return nil
}

func printRules(w io.Writer) error {
	for _, r := range lint.Rules() {
		if _, err := fmt.Fprintf(w, "%-30s %-7s %s\n", r.ID, r.Severity, r.Summary); err != nil {
			return err
		}
	}
	return nil
}
