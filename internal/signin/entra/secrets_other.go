//go:build !linux && !darwin && !windows

package entra

// SystemSecrets: cspfix knows no protected store on this system; the sign-in lives as long as
// the command (login status says so).
func SystemSecrets() Secrets { return &memorySecrets{} }
