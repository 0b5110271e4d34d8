// Command cogport turns a model into a ready-to-push Cog package.
package main

import (
	"os"

	"github.com/cogport/cogport/internal/cli"
)

func main() {
	os.Exit(cli.Run(os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
