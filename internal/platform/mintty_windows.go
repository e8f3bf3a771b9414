package platform

import (
	"os"
	"unsafe"

	"golang.org/x/sys/windows"
)

func isMinttyPipe(f *os.File) bool {
	h := windows.Handle(f.Fd())
	if t, err := windows.GetFileType(h); err != nil || t != windows.FILE_TYPE_PIPE {
		return false
	}
	// FILE_NAME_INFO: the name's length in bytes, then the name in UTF-16. A terminal's pipe
	// name is short; one that does not fit is no terminal's.
	var info struct {
		length uint32
		name   [windows.MAX_PATH]uint16
	}
	if err := windows.GetFileInformationByHandleEx(h, windows.FileNameInfo, (*byte)(unsafe.Pointer(&info)), uint32(unsafe.Sizeof(info))); err != nil {
		return false
	}
	n := int(info.length / 2)
	if n > len(info.name) {
		return false
	}
	return MinttyPipeName(windows.UTF16ToString(info.name[:n]))
}
