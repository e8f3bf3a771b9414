//go:build !windows

package platform

func system() Languages { return NoLanguages{} }
