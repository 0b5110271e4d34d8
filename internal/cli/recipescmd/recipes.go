// Package recipescmd implements `cogport recipes`: the catalogue of what
// cogport knows how to package.
package recipescmd

import (
	"fmt"
	"strings"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/cogport/cogport/internal/cli/cmdutil"
	"github.com/cogport/cogport/recipes"
)

// NewCmd builds `cogport recipes`.
func NewCmd(streams *cmdutil.IO) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "recipes",
		Short: "List the recipes: which tasks and libraries cogport packages",
		Long: `List every recipe in the order cogport tries them, with the Hugging Face
pipeline tags and libraries each covers. A model whose task and library no
recipe covers is refused with a message naming them.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			infos := recipes.Default().Infos()
			if asJSON {
				return cmdutil.PrintJSON(streams.Out, infos)
			}
			w := tabwriter.NewWriter(streams.Out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "RECIPE\tTASKS\tLIBRARIES\tWHAT")
			for _, r := range infos {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\n", r.Name, strings.Join(r.Tasks, ","), strings.Join(r.Libraries, ","), r.Summary)
			}
			return w.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the recipes as JSON")
	return cmd
}
