package entra

// SystemSecrets is the system's protected store: on macOS the sealed file and its key in the
// login keychain, through /usr/bin/security (no cgo needed). A keychain that is locked (an SSH
// session) refuses or asks to be unlocked: then the sign-in is kept in memory only.
func SystemSecrets() Secrets {
	return &fileSecrets{path: secretsPath(), s: keySealer{keychainHolder{tool: "/usr/bin/security"}}}
}
