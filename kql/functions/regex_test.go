package functions

import (
	"reflect"
	"regexp"
	"strings"
	"testing"
)

// The prefilter must never reject a string the regex matches: compare
// with the plain regexp on patterns and inputs chosen to trip it (case
// folding, the Kelvin sign and long s, invalid UTF-8, alternations,
// optional parts).
func TestRegexPrefilterAgrees(t *testing.T) {
	patterns := []string{
		`powershell`, `(?i)powershell.*-enc`, `(?i)-enc(odedcommand)?\s+(\S+)`, `\\WindowsPowerShell\\v\d\.\d`,
		`hidden|-enc`, `(?i)(mimikatz|sekurlsa)`, `(?i)kerberos`, `(?i)ask`, `(?i)SK`, `(a|b)c`, `ab?c`, `(abc)+d`,
		`(?i)é+x`, `x\x{FFFD}y`, `(?i)tEmP\\`, `^cmd`, `\bnet\s+user\b`, `a{2,}b`, `(?:ab)*c`, `[a-c]x`, `.`,
		`(?i)(?:a|bc|def|g|h|i|j|l|m|n)z`, `(?i)Ǆx`, `-enc\S*`, `(?i)-ENC(\w*)`, `(cmd)\.exe`, `user\b`, `net$`,
	}
	inputs := []string{
		"", "powershell", "POWERSHELL -EnC abc", "x -ENCODEDCOMMAND  SQBFAFgA", `C:\WindowsPowerShell\v1.0\p`,
		"hidden", "-enc", "MimiKatz", "seKurlsa", "\u212Aerberos", "KERBEROS", "a\u017Fk", "aSK", "ac", "bc", "abc",
		"abcabcd", "ÉÉx", "éx", "x\xffy", "x\uFFFDy", `TEMP\`, "cmd.exe", "net user", "aab", "c", "bx", "z", "lz", "ǅx", "ǆX",
		"a -enc -encX -ENCy", "cmd.exe /c cmd.exe", "username user", "dotnet",
	}
	for _, p := range patterns {
		r, err := CompileRegex(p)
		if err != nil {
			t.Fatal(err)
		}
		plain := regexp.MustCompile(p)
		for _, s := range inputs {
			for _, in := range []string{s, "pad " + s + " pad", strings.ToUpper(s), strings.ToLower(s)} {
				if got, want := r.MatchString(in), plain.MatchString(in); got != want {
					t.Errorf("%q on %q: prefiltered %v, regexp %v (literals %v)", p, in, got, want, r.any)
				}
				if got, want := r.FindAllStringSubmatchIndex(in, -1), plain.FindAllStringSubmatchIndex(in, -1); !reflect.DeepEqual(got, want) {
					t.Errorf("%q on %q: matches %v, regexp %v", p, in, got, want)
				}
				if got, want := r.FindStringSubmatchIndex(in), plain.FindStringSubmatchIndex(in); !reflect.DeepEqual(got, want) {
					t.Errorf("%q on %q: first match %v, regexp %v", p, in, got, want)
				}
			}
		}
	}
}

// The prefilter is found where hunting patterns have one.
func TestRegexPrefilterFound(t *testing.T) {
	for p, want := range map[string]string{
		`(?i)powershell.*-enc`:      "power",
		`\\WindowsPowerShell\\v\d`:  `\WindowsPowerShell\v`,
		`hidden|-enc`:               "hidden,-enc",
		`(?i)(mimikatz|sekurlsa)`:   "mimi,url",
		`(a|b)c`:                    "c",
		`x*`:                        "",
		`(?i)-enc(odedcommand)?\s+`: "-enc",
	} {
		r, err := CompileRegex(p)
		if err != nil {
			t.Fatal(err)
		}
		var got []string
		for _, l := range r.any {
			got = append(got, l.s)
		}
		if g := strings.Join(got, ","); g != want {
			t.Errorf("%q: literals %q, want %q", p, g, want)
		}
	}
}
