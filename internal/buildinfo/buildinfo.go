// Package buildinfo holds cogport's version, recorded in every provenance
// file so that `template refresh` knows which cogport generated a package.
package buildinfo

// Version is cogport's release.
const Version = "0.1.0"
