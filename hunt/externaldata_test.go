package hunt

import (
	"fmt"
	"strings"
	"testing"

	"github.com/quarryhunt/quarry/exec"
)

// A rule's externaldata obeys the runner's access rule, as queries do.
func TestRuleExternalDataAccess(t *testing.T) {
	dir := t.TempDir()
	csv := write(t, dir, "iocs.csv", "evil.example\nbad.example\n")
	text := fmt.Sprintf("id: x1\nname: IOC list\nquery: |\n  externaldata (Domain:string) [@'%s'] with (format='csv')\n", csv)
	r := oneRule(t, "x1.yaml", text)
	st := store(t, nil)

	res := run(t, st, r, Options{})
	if res.Err != nil || res.Total != 2 {
		t.Fatalf("allowed: err %v, %d rows", res.Err, res.Total)
	}
	res = run(t, st, r, Options{ExternalData: exec.ExternalDataOptions{Access: exec.ExternalDeny}})
	if res.Err == nil || !strings.Contains(res.Err.Error(), "externaldata") {
		t.Fatalf("denied: err %v", res.Err)
	}
}
