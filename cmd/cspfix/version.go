package main

import (
	"fmt"
	"runtime/debug"

	"github.com/spf13/cobra"
)

// buildVersion is set by release builds: -ldflags "-X main.buildVersion=v1.2.3".
var buildVersion = ""

// version is the release version, else the module version `go install` recorded, else the
// VCS revision, else "dev".
func version() string {
	info, ok := debug.ReadBuildInfo()
	return versionFrom(buildVersion, info, ok)
}

func versionFrom(release string, info *debug.BuildInfo, ok bool) string {
	if release != "" {
		return release
	}
	if !ok {
		return "dev"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return "dev-" + s.Value[:12]
		}
	}
	return "dev"
}

func newVersionCmd(e *env, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "version",
		Short: ui.VersionShort.In(g.lang),
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintf(e.stdout, "cspfix version %s\n", version())
			return err
		},
	}
	useLine(cmd, "", g.lang)
	return cmd
}
