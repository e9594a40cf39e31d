// Package version names this build, for --version and the kiosk's
// heartbeats. The Makefile sets Version from git describe with
//
//	-ldflags "-X onestop/version.Version=…"
//
// so every binary of one build reports the same string; a plain go build
// says dev. FyneApp.toml's version is packaging metadata, never read here.
package version

// Version is a var, not a const, so the linker's -X can set it.
var Version = "dev"
