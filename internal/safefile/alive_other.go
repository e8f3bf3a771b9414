//go:build !unix

package safefile

// processAlive cannot tell on this system; temporary files are then removed by age alone.
func processAlive(int) bool { return true }
