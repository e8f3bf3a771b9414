package config

import "io/fs"

// TrustError is a settings file, or a folder on its way, that another user could have written:
// its content may be theirs, so it is not used (as ssh refuses such a key).
type TrustError struct {
	Path  string // the file or folder at fault
	Dir   bool   // Path is a folder
	Owner int    // the owner's user ID, when someone else owns it; -1 when writable by others
	Mode  fs.FileMode
}

func (e *TrustError) Error() string {
	if e.Owner >= 0 {
		return e.Path + " belongs to another user"
	}
	return e.Path + " can be changed by other users"
}
