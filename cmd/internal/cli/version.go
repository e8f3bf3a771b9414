package cli

import (
	"errors"
	"fmt"
	"runtime/debug"
	"strconv"
	"sync"
	"time"

	"github.com/spf13/cobra"
)

// buildVersion is a release's version, which Main takes from its executable (Program.Version,
// set by -ldflags "-X main.buildVersion=v1.2.3", with the v that `go install …@v1.2.3` records
// too: .goreleaser.yaml).
var buildVersion = ""

// version is the release version, else the module version the build recorded (`go install
// …@v1.2.3`, or what Go made of the checkout's tags and revision), else the VCS revision, else
// "devel", as Go calls a build from a checkout that carries no version (-buildvcs=false). It is
// worked out once: every run names it (the root command's --version), a diagnosis again.
var version = sync.OnceValue(func() string {
	if buildVersion != "" {
		return buildVersion // a release's: the build information need not be read
	}
	info, ok := debug.ReadBuildInfo()
	return versionFrom(buildVersion, info, ok)
})

func versionFrom(release string, info *debug.BuildInfo, ok bool) string {
	if release != "" {
		return release
	}
	if !ok {
		return "devel"
	}
	if v := info.Main.Version; v != "" && v != "(devel)" {
		return v
	}
	for _, s := range info.Settings {
		if s.Key == "vcs.revision" && len(s.Value) >= 12 {
			return "devel-" + s.Value[:12]
		}
	}
	return "devel"
}

// sourceDate is the time the sources of this build are from, for what is made from them (the
// man pages' date), so that the same sources make the same bytes: SOURCE_DATE_EPOCH (the
// release sets it to the commit's time), else the commit's time the build recorded. Never the
// clock: a build date would make every build differ.
func sourceDate(getenv func(string) string, info *debug.BuildInfo, ok bool) (time.Time, error) {
	if epoch := getenv("SOURCE_DATE_EPOCH"); epoch != "" {
		n, err := strconv.ParseInt(epoch, 10, 64)
		if err != nil || n < 0 {
			return time.Time{}, fmt.Errorf("SOURCE_DATE_EPOCH %q is no count of seconds", epoch)
		}
		return time.Unix(n, 0).UTC(), nil
	}
	if ok {
		for _, s := range info.Settings {
			if s.Key == "vcs.time" {
				if t, err := time.Parse(time.RFC3339, s.Value); err == nil {
					return t.UTC(), nil
				}
			}
		}
	}
	return time.Time{}, errors.New("no date for the sources: set SOURCE_DATE_EPOCH, such as to the commit's time (git log -1 --format=%ct)")
}

func newVersionCmd(e *env, g *globalOptions) *cobra.Command {
	cmd := &cobra.Command{
		Use: "version",
		RunE: func(cmd *cobra.Command, args []string) error {
			_, err := fmt.Fprintf(e.stdout, "cspfix version %s\n", version())
			return err
		},
	}
	useLine(cmd, "", g.texts())
	return cmd
}
