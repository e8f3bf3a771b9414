// Command cspfix diagnoses the Partner Center error "Partner relation does not work because it
// is already existing" for CSP indirect resellers.
package main

import "os"

func main() { os.Exit(Main(os.Exit)) }
