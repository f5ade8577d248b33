//go:build windows

package main

import (
	"os"

	"golang.org/x/sys/windows"
)

// attachParentProcess is AttachConsole's "the console of my parent".
const attachParentProcess = ^uint32(0)

var procAttachConsole = windows.NewLazySystemDLL("kernel32.dll").NewProc("AttachConsole")

// attachConsole lets the command line print where it was typed. lookout.exe
// is a GUI program (linked with -H windowsgui, so that the window opens
// without a console beside it), and Windows gives such a program no
// standard handles: started with arguments from cmd or PowerShell, it
// attaches to that console. Handles that are already valid (redirected to
// a file or a pipe) are kept.
func attachConsole(args []string) {
	if len(args) == 0 {
		return
	}
	if r, _, _ := procAttachConsole.Call(uintptr(attachParentProcess)); r == 0 {
		return // no parent console: started from Explorer, or already has one
	}
	reopen := func(f **os.File, name string, flag int) {
		if *f != nil {
			if _, err := windows.GetFileType(windows.Handle((*f).Fd())); err == nil {
				return
			}
		}
		if c, err := os.OpenFile(name, flag, 0); err == nil {
			*f = c
		}
	}
	reopen(&os.Stdin, "CONIN$", os.O_RDWR)
	reopen(&os.Stdout, "CONOUT$", os.O_RDWR)
	reopen(&os.Stderr, "CONOUT$", os.O_RDWR)
}
