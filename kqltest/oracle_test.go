package kqltest

import (
	"os"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/schema"
)

// TestOracle checks the expected headers of every test file against a
// reference binder. It runs only when KQLTEST_ORACLE names the command,
// for example
//
//	KQLTEST_ORACLE="/path/to/tools/oracle/run.sh oracle.js" go test ./kqltest -run Oracle
func TestOracle(t *testing.T) {
	cmd := strings.Fields(os.Getenv("KQLTEST_ORACLE"))
	if len(cmd) == 0 {
		t.Skip("KQLTEST_ORACLE is not set")
	}
	files, err := Files("../testdata")
	if err != nil {
		t.Fatal(err)
	}
	cat := schema.Builtin()
	for _, path := range files {
		t.Run(path, func(t *testing.T) {
			t.Parallel()
			f, err := ParseFile(path, cat.Table)
			if err != nil {
				t.Fatal(err)
			}
			ms, err := CheckWithOracle(f, cmd)
			if err != nil {
				t.Fatal(err)
			}
			for _, m := range ms {
				if m.Soft {
					t.Log(m)
				} else {
					t.Error(m)
				}
			}
		})
	}
}
