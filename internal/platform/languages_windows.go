package platform

import "golang.org/x/sys/windows"

var getUserDefaultUILanguage = windows.NewLazySystemDLL("kernel32.dll").NewProc("GetUserDefaultUILanguage")

func system() Languages {
	return windowsLanguages{
		preferred: func() ([]string, error) { return windows.GetUserPreferredUILanguages(windows.MUI_LANGUAGE_NAME) },
		userDefault: func() uint16 {
			if getUserDefaultUILanguage.Find() != nil {
				return 0
			}
			id, _, _ := getUserDefaultUILanguage.Call()
			return uint16(id)
		},
	}
}
