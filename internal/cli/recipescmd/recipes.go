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
	"github.com/cogport/cogport/recipes/comfy"
	"github.com/cogport/cogport/recipes/github"
)

// Entry is one recipe of the catalogue and the command whose sources it
// packages (hf, comfy or github).
type Entry struct {
	Source string `json:"source"`
	recipes.Info
}

// Catalogue lists every recipe: the Hugging Face registry in the order
// `cogport hf` tries it, then the ComfyUI and GitHub recipes, which their
// own commands choose without a registry.
func Catalogue() []Entry {
	var out []Entry
	for _, info := range recipes.Default().Infos() {
		out = append(out, Entry{Source: "hf", Info: info})
	}
	for i := range out {
		// Lists, never null, for JSON readers.
		out[i].Tasks = append([]string{}, out[i].Tasks...)
		out[i].Libraries = append([]string{}, out[i].Libraries...)
	}
	for _, info := range []recipes.Info{
		{Name: comfy.RecipeName, Tasks: []string{}, Libraries: []string{"comfyui"},
			Summary: "ComfyUI workflows (UI or API format): ComfyUI and the workflow's node packs at pinned commits, " +
				"its models downloaded at setup, typed inputs written into the nodes they drive, the output files out"},
	} {
		out = append(out, Entry{Source: "comfy", Info: info})
	}
	for _, info := range []recipes.Info{
		{Name: github.RecipeScript, Tasks: []string{}, Libraries: []string{},
			Summary: "a repository's argparse or click inference script: its arguments become typed inputs, " +
				"and each prediction runs it as a subprocess, as its README does"},
		{Name: github.RecipeGradio, Tasks: []string{}, Libraries: []string{"gradio"},
			Summary: "a repository's Gradio app: the handler its interface calls is imported and called, its components become typed inputs"},
	} {
		out = append(out, Entry{Source: "github", Info: info})
	}
	return out
}

// NewCmd builds `cogport recipes`.
func NewCmd(streams *cmdutil.IO) *cobra.Command {
	var asJSON bool
	cmd := &cobra.Command{
		Use:   "recipes",
		Short: "List the recipes: which tasks and libraries cogport packages",
		Long: `List every recipe with the command whose sources it packages: the Hugging
Face recipes in the order cogport hf tries them, with the pipeline tags and
libraries each covers (a model that none covers is refused with a message
naming its task and library), then the ComfyUI workflow recipe and the
GitHub repository recipes.`,
		Args: cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			entries := Catalogue()
			if asJSON {
				return cmdutil.PrintJSON(streams.Out, entries)
			}
			w := tabwriter.NewWriter(streams.Out, 0, 4, 2, ' ', 0)
			fmt.Fprintln(w, "SOURCE\tRECIPE\tTASKS\tLIBRARIES\tWHAT")
			for _, e := range entries {
				fmt.Fprintf(w, "%s\t%s\t%s\t%s\t%s\n", e.Source, e.Name, orDash(e.Tasks), orDash(e.Libraries), e.Summary)
			}
			return w.Flush()
		},
	}
	cmd.Flags().BoolVar(&asJSON, "json", false, "print the recipes as JSON")
	return cmd
}

// orDash joins a list for the table, "-" when it is empty.
func orDash(list []string) string {
	if len(list) == 0 {
		return "-"
	}
	return strings.Join(list, ",")
}
