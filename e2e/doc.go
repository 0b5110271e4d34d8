// Package e2e is cogport's runtime stage: it proves that generated packages
// run. Each case makes a tiny model in Python from a real architecture's
// config, serves it from the project's Hub test server, packages it with
// cogport through the real Hub client, installs the package's own
// requirements.txt into a fresh virtual environment (uv, one shared cache),
// starts it through cog's own HTTP server (python -m cog.server.http, the
// container's entry point) and calls it over HTTP, checking each output for
// what it claims.
//
// The cases live behind the "runtime" build tag, because they install
// gigabytes of wheels and run minutes of Python:
//
//	go test -tags runtime ./e2e
//
// This file's package holds the machinery (environments, the cog server,
// output checks); the tests hold the cases.
package e2e
