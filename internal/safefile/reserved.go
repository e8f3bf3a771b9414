package safefile

import "strings"

// Reserved reports whether Windows keeps the file name name for a device: CON, PRN, AUX, NUL,
// COM0 to COM9 and LPT0 to LPT9 (also with the superscript digits ¹, ² and ³), CONIN$ and
// CONOUT$, in any case, with any extension (NUL.txt, nul.tar.gz) and with trailing dots or
// spaces ("CON ."), which Windows drops. Opening such a name there opens the device, not a
// file in the folder. cspfix never gives a file such a name on any system, so that folders of
// outputs and saved cases can be copied to Windows (SECURITY.md "Windows").
func Reserved(name string) bool {
	if i := strings.IndexByte(name, '.'); i >= 0 {
		name = name[:i]
	}
	name = strings.TrimRight(name, ". ")
	switch strings.ToUpper(name) {
	case "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$":
		return true
	}
	if len(name) < 4 {
		return false
	}
	switch strings.ToUpper(name[:3]) {
	case "COM", "LPT":
		switch digit := name[3:]; digit {
		case "0", "1", "2", "3", "4", "5", "6", "7", "8", "9", "¹", "²", "³":
			return true
		}
	}
	return false
}
