package kiosk_test

import (
	"strings"
	"testing"

	"onestop/kiosk"
)

func TestMaskName(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"张三华", "张*华"},
		{"欧阳娜娜", "欧**娜"},
		{"张华", "张*"},
		{"王", "*"},
		{"  李四光 ", "李*光"},
		{"Li Hua", "L* H*"},
		{"", ""},
	} {
		if got := kiosk.MaskName(tc.in); got != tc.want {
			t.Errorf("MaskName(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestIsStudentNumber(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want bool
	}{
		{"2024010001", true},
		{"1234", true},
		{"123", false},
		{"123456789012345678901", false},
		{"20240a0001", false},
		{"", false},
		{"２０２４", false}, // full-width digits are not digits here
	} {
		if got := kiosk.IsStudentNumber(tc.in); got != tc.want {
			t.Errorf("IsStudentNumber(%q) = %v, want %v", tc.in, got, tc.want)
		}
	}
}

func TestCredentialValidate(t *testing.T) {
	for _, tc := range []struct {
		c    kiosk.Credential
		code string
	}{
		{kiosk.Credential{Kind: kiosk.CredNumber, Value: "2024010001"}, ""},
		{kiosk.Credential{Kind: kiosk.CredNumber, Value: "12"}, kiosk.EINVALID},
		{kiosk.Credential{Kind: kiosk.CredScan, Value: "A1B2C3"}, ""},
		{kiosk.Credential{Kind: kiosk.CredScan, Value: ""}, kiosk.EINVALID},
		{kiosk.Credential{Kind: "retina", Value: "1234"}, kiosk.EINVALID},
	} {
		if got := kiosk.ErrorCode(tc.c.Validate()); got != tc.code {
			t.Errorf("%+v: code %q, want %q", tc.c, got, tc.code)
		}
	}
	if !(kiosk.Credential{Kind: kiosk.CredScan}).Strong() || (kiosk.Credential{Kind: kiosk.CredNumber}).Strong() {
		t.Error("only a scan is a strong credential")
	}
}

func TestHashIdentifier(t *testing.T) {
	salt := []byte("campus-salt")
	a := kiosk.HashIdentifier(salt, kiosk.HashStudentNumber, "2024010001")
	if a != kiosk.HashIdentifier(salt, kiosk.HashStudentNumber, " 2024010001 ") {
		t.Error("hash must ignore surrounding space")
	}
	if a == kiosk.HashIdentifier(salt, kiosk.HashCard, "2024010001") {
		t.Error("a card id and a student number with the same digits must hash apart")
	}
	if a == kiosk.HashIdentifier([]byte("other"), kiosk.HashStudentNumber, "2024010001") {
		t.Error("hash must depend on the salt")
	}
	if len(a) != 64 {
		t.Errorf("hash length %d", len(a))
	}
}

func TestPIN(t *testing.T) {
	h, err := kiosk.HashPIN("1234")
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(h, "1234") || !kiosk.VerifyPIN(h, "1234") || kiosk.VerifyPIN(h, "1235") {
		t.Fatalf("hash %q", h)
	}
	if h2, _ := kiosk.HashPIN("1234"); h2 == h {
		t.Fatal("each hash needs its own salt")
	}
	for _, bad := range []string{"", "md5$1$a$b", "pbkdf2-sha256$x$a$b", "pbkdf2-sha256$0$AAAA$AAAA"} {
		if kiosk.VerifyPIN(bad, "1234") {
			t.Errorf("malformed hash %q matched", bad)
		}
	}
}
