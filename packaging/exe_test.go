package packaging_test

import (
	"bytes"
	"debug/pe"
	"encoding/binary"
	"strings"
	"testing"
	"unicode/utf16"
)

// systemDLLs are the Windows system libraries the kiosk may import:
// anything else (libgcc_s_seh-1.dll, libwinpthread-1.dll from mingw-w64)
// would have to be shipped beside the .exe.
var systemDLLs = map[string]bool{
	"kernel32.dll": true, "user32.dll": true, "gdi32.dll": true, "opengl32.dll": true,
	"shell32.dll": true, "msvcrt.dll": true, "advapi32.dll": true, "ole32.dll": true,
	"oleaut32.dll": true, "winmm.dll": true, "ws2_32.dll": true, "ntdll.dll": true,
	"imm32.dll": true, "dwmapi.dll": true, "shcore.dll": true, "comctl32.dll": true,
	"bcrypt.dll": true, "crypt32.dll": true, "userenv.dll": true, "iphlpapi.dll": true,
	"dnsapi.dll": true, "secur32.dll": true, "powrprof.dll": true,
}

// TestWindowsExe: a 64-bit GUI program (PE32+, no console window) that
// imports only system DLLs, with fyne package's icon, manifest and
// version resources.
func TestWindowsExe(t *testing.T) {
	path := artefact(t, "onestop-kiosk_*_windows_amd64.exe")
	f, err := pe.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	oh, ok := f.OptionalHeader.(*pe.OptionalHeader64)
	if !ok || oh.Magic != 0x20b || f.Machine != pe.IMAGE_FILE_MACHINE_AMD64 {
		t.Fatalf("not PE32+ for amd64: machine %#x, optional header %T", f.Machine, f.OptionalHeader)
	}
	if oh.Subsystem != pe.IMAGE_SUBSYSTEM_WINDOWS_GUI {
		t.Errorf("subsystem %d, want the GUI one (%d): a console window would open", oh.Subsystem, pe.IMAGE_SUBSYSTEM_WINDOWS_GUI)
	}
	// debug/pe's ImportedLibraries is unimplemented for PE (it returns
	// nothing); each imported symbol names its DLL as "symbol:dll".
	syms, err := f.ImportedSymbols()
	if err != nil {
		t.Fatal(err)
	}
	dlls := map[string]bool{}
	for _, sym := range syms {
		if _, dll, ok := strings.Cut(sym, ":"); ok {
			dlls[strings.ToLower(dll)] = true
		}
	}
	if !dlls["kernel32.dll"] || !dlls["opengl32.dll"] {
		t.Fatalf("imports %v: want kernel32.dll and opengl32.dll at least", dlls)
	}
	for dll := range dlls {
		if !systemDLLs[dll] {
			t.Errorf("imports %s, not a Windows system DLL", dll)
		}
	}

	rsrc := f.Section(".rsrc")
	if rsrc == nil {
		t.Fatal("no .rsrc section: no icon")
	}
	data, err := rsrc.Data()
	if err != nil {
		t.Fatal(err)
	}
	types := resourceTypes(t, data)
	for id, name := range map[uint32]string{3: "RT_ICON", 14: "RT_GROUP_ICON", 16: "RT_VERSION", 24: "RT_MANIFEST"} {
		if types[id] == 0 {
			t.Errorf("no %s resource (types %v)", name, types)
		}
	}
	if !bytes.Contains(data, utf16le("OneStop Hall Kiosk")) {
		t.Error("the version resource does not name OneStop Hall Kiosk")
	}
}

// resourceTypes reads the root of a PE resource directory: each type id
// with its number of entries (IMAGE_RESOURCE_DIRECTORY, then 8-byte
// entries; a type's entry points at a subdirectory of names).
func resourceTypes(t *testing.T, data []byte) map[uint32]int {
	t.Helper()
	if len(data) < 16 {
		t.Fatal("resource section too short")
	}
	named := int(binary.LittleEndian.Uint16(data[12:]))
	ids := int(binary.LittleEndian.Uint16(data[14:]))
	types := map[uint32]int{}
	for i := 0; i < named+ids; i++ {
		e := 16 + 8*i
		if e+8 > len(data) {
			t.Fatal("resource directory runs past the section")
		}
		id, off := binary.LittleEndian.Uint32(data[e:]), binary.LittleEndian.Uint32(data[e+4:])
		if id&0x80000000 != 0 || off&0x80000000 == 0 {
			continue // a named type, or a leaf where a subdirectory belongs
		}
		sub := int(off &^ 0x80000000)
		if sub+16 > len(data) {
			t.Fatal("resource subdirectory past the section")
		}
		types[id] = int(binary.LittleEndian.Uint16(data[sub+12:])) + int(binary.LittleEndian.Uint16(data[sub+14:]))
	}
	return types
}

func utf16le(s string) []byte {
	var b []byte
	for _, r := range utf16.Encode([]rune(s)) {
		b = binary.LittleEndian.AppendUint16(b, r)
	}
	return b
}
