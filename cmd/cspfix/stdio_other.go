//go:build !unix

package main

// stdoutWasClosed: Windows gives a process without a standard output no handle at all, and
// writes to it fail, so nothing needs noticing.
func stdoutWasClosed() bool { return false }
